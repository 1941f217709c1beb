using System.CommandLine;
using ResNeXt.Cli.Commands;

namespace ResNeXt.Benchmarks.Commands;

/// <summary>
/// <c>dotnet run --project benchmarks/ResNeXt.Benchmarks -c Release -- engine|preprocessing|startup|service|ceiling</c>: the rerunnable
/// comparisons behind docs/benchmarks.md. Each alternates with what users would run instead (PyTorch eager, raw ONNX
/// Runtime, Pillow + numpy) round by round on the same machine, because only side-by-side ratios survive a shared one.
/// They need a clone: the baselines are repository scripts and builds, which is why they are not part of the shipped CLI.
/// </summary>
internal sealed class BenchmarksRootCommand : RootCommand
{
    public BenchmarksRootCommand()
        : base("Cross-engine benchmarks of ResNeXt.Service against PyTorch, ONNX Runtime and Pillow (see docs/benchmarks.md); run from a clone.")
    {
        Options.Add(CommonOptions.Verbosity);
        Subcommands.Add(new EngineBenchCommand());
        Subcommands.Add(new PreprocessingBenchCommand());
        Subcommands.Add(new JpegDecodersBenchCommand());
        Subcommands.Add(new StartupBenchCommand());
        Subcommands.Add(new ServiceBenchCommand());
        Subcommands.Add(new CeilingBenchCommand());
    }

    /// <summary>Like <c>resnext</c>: a command line that does not parse exits with <see cref="ExitCodes.Usage"/>, not 1.</summary>
    public async Task<int> InvokeAsync(
        IReadOnlyList<string> args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var parseResult = Parse(args);
        var exitCode = await parseResult.InvokeAsync(configuration, cancellationToken);
        return parseResult.Errors.Count > 0 ? ExitCodes.Usage : exitCode;
    }
}
