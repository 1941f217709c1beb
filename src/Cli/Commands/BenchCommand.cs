using System.CommandLine;

namespace ResNeXt.Cli.Commands;

/// <summary>
/// <c>resnext bench engine</c>: what a user measures on their own install, the engine as configured. Comparisons with
/// other runtimes and libraries need a clone of the repository and live in its benchmarks project (docs/benchmarks.md).
/// </summary>
internal sealed class BenchCommand : Command
{
    public BenchCommand()
        : base("bench", "Measure this install: the engine's forward throughput as configured (cross-engine comparisons: docs/benchmarks.md in the repository).")
    {
        Subcommands.Add(new EngineBenchCommand());
    }
}
