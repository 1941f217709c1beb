using ResNeXt.Cli.Benchmarking;
namespace ResNeXt.Cli.Benchmarking.Charts;

/// <summary>One colour of a <see cref="BarPanel"/>: a value per group, or null where this series has no bar in that group.</summary>
internal sealed record BarSeries(string Name, IReadOnlyList<Spread?> Values);
