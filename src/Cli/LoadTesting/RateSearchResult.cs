namespace ResNeXt.Cli.LoadTesting;

/// <param name="HighestRateMeetingBound">The highest probed rate that met the bound; null when none did.</param>
/// <param name="Steps">Every probe in the order it ran.</param>
internal sealed record RateSearchResult<T>(double? HighestRateMeetingBound, IReadOnlyList<SearchStep<T>> Steps);
