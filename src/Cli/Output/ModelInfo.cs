using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Output;

/// <summary>One row of <c>resnext info --json</c>: the catalogue entry flattened for scripts.</summary>
internal sealed record ModelInfo(
    string Name,
    IReadOnlyList<int> BlocksPerStage,
    int Groups,
    int WidthPerGroup,
    long PublishedParameters,
    double PublishedGflops,
    double Top1,
    double Top5,
    string CheckpointFileName,
    Uri CheckpointUrl,
    string Sha256Prefix)
{
    public static ModelInfo From(ModelCatalogEntry entry) => new(
        entry.Name, entry.Spec.BlocksPerStage, entry.Spec.Groups, entry.Spec.WidthPerGroup, entry.PublishedParameters,
        entry.PublishedGflops, entry.Top1, entry.Top5, entry.CheckpointFileName, ModelCatalog.OfficialUrl(entry),
        entry.Sha256Prefix);
}
