namespace ResNeXt.Benchmarks.Preprocessing;

/// <summary>One figure of a round: an image timed in one mode.</summary>
internal readonly record struct MeasurementKey(string Mode, string Image);
