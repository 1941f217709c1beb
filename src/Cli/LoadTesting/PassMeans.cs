namespace ResNeXt.Cli.LoadTesting;

/// <summary>Images per forward pass and milliseconds per forward pass over one load point; null where nothing was recorded.</summary>
internal sealed record PassMeans(double? MeanBatchSize, double? MeanPassMs);
