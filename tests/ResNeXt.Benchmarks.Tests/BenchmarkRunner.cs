using ResNeXt.Benchmarks.Commands;

namespace ResNeXt.Benchmarks.Tests;

/// <summary>
/// Runs the benchmarks' command tree in-process with stdout and stderr captured: the same parse, actions and exit-code
/// mapping as <c>dotnet run --project benchmarks/ResNeXt.Benchmarks</c>, minus the process.
/// </summary>
public static class BenchmarkRunner
{
    public static async Task<BenchmarkRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await new BenchmarksRootCommand().InvokeAsync(args, new() { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return new BenchmarkRun(exitCode, output.ToString(), error.ToString());
    }
}
