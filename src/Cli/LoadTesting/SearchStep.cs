namespace ResNeXt.Cli.LoadTesting;

/// <summary>One probe of <see cref="RateSearch"/>: the rate offered, whether it met the bound, and what was measured.</summary>
internal sealed record SearchStep<T>(double Rate, bool Met, T Result);
