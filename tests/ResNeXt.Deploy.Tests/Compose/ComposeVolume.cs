namespace ResNeXt.Deploy.Tests.Compose;

/// <summary>A short-syntax compose volume: <c>source:target</c> with an optional <c>:ro</c>.</summary>
public sealed record ComposeVolume(string Source, string Target, bool ReadOnly)
{
    private const string ReadOnlyMode = "ro";

    /// <summary>Bind mounts start with . or /; anything else names a volume.</summary>
    public bool IsBindMount => Source.StartsWith('.') || Source.StartsWith('/');

    public static ComposeVolume Parse(string entry)
    {
        // The source may itself be `${VAR:-default}`, whose `:-` is not a separator.
        var interpolationEnd = entry.StartsWith("${", StringComparison.Ordinal) ? entry.IndexOf('}', StringComparison.Ordinal) + 1 : 0;
        var sourceEnd = entry.IndexOf(':', interpolationEnd);
        var rest = entry[(sourceEnd + 1)..].Split(':');
        return new ComposeVolume(entry[..sourceEnd], rest[0], rest.Length > 1 && rest[1] == ReadOnlyMode);
    }
}
