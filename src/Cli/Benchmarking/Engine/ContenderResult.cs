namespace ResNeXt.Cli.Benchmarking.Engine;

internal sealed record ContenderResult(string Name, double LoadSeconds, IReadOnlyList<BatchResult> Batches);
