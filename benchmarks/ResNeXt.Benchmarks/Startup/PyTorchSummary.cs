using ResNeXt.Cli.Output;

namespace ResNeXt.Benchmarks.Startup;

/// <summary>The PyTorch rounds of one model as median, min and max; memory in MiB.</summary>
internal sealed record PyTorchSummary(Spread ReadySeconds, Spread LoadSeconds, Spread PeakRssMebibytes)
{
    public static PyTorchSummary Of(IReadOnlyList<PyTorchRound> rounds) => new(
        Spread.Of(rounds.Select(r => r.ReadySeconds)),
        Spread.Of(rounds.Select(r => r.LoadSeconds)),
        Spread.Of(rounds.Select(r => ByteSize.Mebibytes(r.PeakRssBytes))));
}
