namespace ResNeXt.Cli.LoadTesting;

/// <summary>Every request that did not end in a 2xx, by status code (as text, so it reads as a JSON key) and by exception.</summary>
internal sealed record ErrorCounts(IReadOnlyDictionary<string, int> ByStatus, IReadOnlyDictionary<string, int> Exceptions)
{
    public int Total => ByStatus.Values.Sum() + Exceptions.Values.Sum();

    /// <summary>"none", or e.g. "429 x3, HttpRequestException.ConnectionError x1".</summary>
    public string Describe() => Total == 0
        ? "none"
        : string.Join(", ", ByStatus.Concat(Exceptions).Select(e => FormattableString.Invariant($"{e.Key} x{e.Value}")));
}
