namespace ResNeXt.Cli.Benchmarking;

internal sealed record ContenderResult(string Name, double LoadSeconds, IReadOnlyList<BatchResult> Batches);
