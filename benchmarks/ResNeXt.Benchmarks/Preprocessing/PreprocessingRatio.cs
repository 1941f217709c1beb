namespace ResNeXt.Benchmarks.Preprocessing;

/// <summary>
/// Throughput of <paramref name="Numerator"/> over <paramref name="Denominator"/> for one mode and image, paired round
/// by round: both ran back to back in each round, so a burst of load from elsewhere hits both sides of a ratio alike.
/// </summary>
internal sealed record PreprocessingRatio(string Numerator, string Denominator, string Mode, string Image, Spread Ratio);
