namespace ResNeXt.Cli.Tests;

/// <summary>What one in-process run of <c>resnext</c> returned and wrote.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
