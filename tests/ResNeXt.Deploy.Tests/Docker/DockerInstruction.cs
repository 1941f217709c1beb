namespace ResNeXt.Deploy.Tests.Docker;

/// <summary>One Dockerfile instruction with its continuation lines joined, e.g. <c>RUN apt-get update &amp;&amp; ...</c>.</summary>
public sealed record DockerInstruction(string Keyword, string Arguments, int Line)
{
    /// <summary>Exec form (<c>["executable", "arg"]</c>): the process gets signals directly instead of through /bin/sh.</summary>
    public bool IsExecForm => Arguments.TrimStart().StartsWith('[');

    public override string ToString() => $"line {Line}: {Keyword} {Arguments}";
}
