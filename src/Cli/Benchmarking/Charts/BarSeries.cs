namespace ResNeXt.Cli.Benchmarking.Charts;

/// <summary>One contender's bars: a spread per group of its panel, in the panel's group order.</summary>
internal sealed record BarSeries(string Name, IReadOnlyList<Spread> Values);
