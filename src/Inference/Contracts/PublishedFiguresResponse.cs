using ResNeXt.Inference.Registry;

namespace ResNeXt.Inference.Contracts;

/// <summary>What mmpretrain publishes for a catalogue model (configs/resnext/metafile.yml), for comparison with what is served.</summary>
public sealed record PublishedFiguresResponse(long Parameters, double Gflops, double Top1, double Top5, string CheckpointUrl)
{
    public static PublishedFiguresResponse From(ModelCatalogEntry entry) => new(
        entry.PublishedParameters, entry.PublishedGflops, entry.Top1, entry.Top5, ModelCatalog.OfficialUrl(entry).ToString());
}
