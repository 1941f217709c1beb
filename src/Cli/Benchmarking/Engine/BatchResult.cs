namespace ResNeXt.Cli.Benchmarking.Engine;

/// <summary>One contender at one batch size: throughput and time per batch over the rounds (each round's median iteration).</summary>
internal sealed record BatchResult(int BatchSize, Spread ImagesPerSecond, Spread MillisecondsPerBatch);
