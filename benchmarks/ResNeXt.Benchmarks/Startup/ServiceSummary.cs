using ResNeXt.Cli.Output;

namespace ResNeXt.Benchmarks.Startup;

/// <summary>The service's rounds of one model as median, min and max; memory in MiB.</summary>
/// <param name="ModelLoadSeconds">Null when no round could read the metric.</param>
internal sealed record ServiceSummary(
    Spread ReadySeconds,
    Spread FirstPredictionSeconds,
    Spread? ModelLoadSeconds,
    Spread ReadyPeakRssMebibytes,
    Spread SteadyPeakRssMebibytes,
    Spread SteadyRssMebibytes)
{
    public static ServiceSummary Of(IReadOnlyList<ServiceRound> rounds)
    {
        var loads = rounds.Select(r => r.ModelLoadSeconds).OfType<double>().ToList();
        return new ServiceSummary(
            Spread.Of(rounds.Select(r => r.ReadySeconds)),
            Spread.Of(rounds.Select(r => r.FirstPredictionSeconds)),
            loads.Count == 0 ? null : Spread.Of(loads),
            Spread.Of(rounds.Select(r => ByteSize.Mebibytes(r.ReadyPeakRssBytes))),
            Spread.Of(rounds.Select(r => ByteSize.Mebibytes(r.SteadyPeakRssBytes))),
            Spread.Of(rounds.Select(r => ByteSize.Mebibytes(r.SteadyRssBytes))));
    }
}
