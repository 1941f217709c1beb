using System.CommandLine;

namespace ResNeXt.Cli.Commands;

/// <summary>
/// <c>resnext bench engine|preprocessing|...</c>: the rerunnable benchmarks behind docs/benchmarks.md. Each compares against what users
/// would run instead, alternating round by round on the same machine, because only side-by-side ratios survive a shared one.
/// </summary>
internal sealed class BenchCommand : Command
{
    public BenchCommand()
        : base("bench", "Rerunnable benchmarks against PyTorch, Pillow and the other libraries users compare us with (see docs/benchmarks.md).")
    {
        Subcommands.Add(new EngineBenchCommand());
        Subcommands.Add(new StartupBenchCommand());
        Subcommands.Add(new PreprocessingBenchCommand());
    }
}
