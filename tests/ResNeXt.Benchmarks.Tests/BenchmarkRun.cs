namespace ResNeXt.Benchmarks.Tests;

/// <summary>What one in-process run of the benchmarks returned and wrote.</summary>
public sealed record BenchmarkRun(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
