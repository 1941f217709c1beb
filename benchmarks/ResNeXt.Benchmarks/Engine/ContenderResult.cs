using ResNeXt.Cli.Benchmarking.Engine;

namespace ResNeXt.Benchmarks.Engine;

internal sealed record ContenderResult(string Name, double LoadSeconds, IReadOnlyList<BatchResult> Batches);
