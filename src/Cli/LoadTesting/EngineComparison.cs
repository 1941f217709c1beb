namespace ResNeXt.Cli.LoadTesting;

/// <summary>
/// The service's best offline throughput against the bare engine's at the batch size the service batches to: what
/// HTTP, decoding, preprocessing and queueing cost on top of the forward pass.
/// </summary>
internal sealed record EngineComparison(EngineReference Engine, double ServiceImagesPerSecond, double Target)
{
    public double Ratio => ServiceImagesPerSecond / Engine.ImagesPerSecond;

    public bool MeetsTarget => Ratio >= Target;
}
