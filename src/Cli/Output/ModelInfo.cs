using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Output;

/// <summary>One row of <c>resnext info --json</c>: the catalogue entry flattened for scripts.</summary>
internal sealed record ModelInfo(
    string Name,
    IReadOnlyList<int> BlocksPerStage,
    int Groups,
    int WidthPerGroup,
    long PublishedParameters,
    long BuiltParameters,
    double PublishedGflops,
    double Top1,
    double Top5,
    string CheckpointFileName,
    Uri CheckpointUrl,
    string Sha256Prefix)
{
    /// <summary>mmpretrain's ImageNet heads have 1000 classes.</summary>
    private const int ImageNetClasses = 1000;

    /// <summary>Builds each model once to count its parameters, so the table proves the architecture, not just the catalogue.</summary>
    public static ModelInfo From(ModelCatalogEntry entry) => new(
        entry.Name, entry.Spec.BlocksPerStage, entry.Spec.Groups, entry.Spec.WidthPerGroup, entry.PublishedParameters,
        Inference.Model.ResNeXt.CountParameters(entry.Spec, ImageNetClasses), entry.PublishedGflops, entry.Top1, entry.Top5, entry.CheckpointFileName, ModelCatalog.OfficialUrl(entry),
        entry.Sha256Prefix);
}
