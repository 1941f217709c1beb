namespace ResNeXt.Benchmarks.Engine;

/// <summary>
/// Throughput of <paramref name="Numerator"/> over <paramref name="Denominator"/>, paired round by round: both ran
/// back to back in each round, so a burst of load from elsewhere hits both sides of a ratio alike.
/// </summary>
internal sealed record RatioResult(string Numerator, string Denominator, int BatchSize, Spread Ratio);
