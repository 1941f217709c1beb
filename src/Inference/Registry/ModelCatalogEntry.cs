using ResNeXt.Inference.Model;

namespace ResNeXt.Inference.Registry;

/// <summary>
/// One model that can exist: its architecture, where its official weights live, and the figures
/// mmpretrain publishes for it (configs/resnext/metafile.yml). Weights and preprocessing travel together:
/// every catalogue model uses the ImageNet test pipeline in <c>Preprocessing/</c>.
/// </summary>
public sealed record ModelCatalogEntry(
    string Name,
    ResNeXtSpec Spec,
    long PublishedParameters,
    double PublishedGflops,
    double Top1,
    double Top5,
    string CheckpointFileName)
{
    /// <summary>Official checkpoints are named <c>..._YYYYMMDD-xxxxxxxx.pth</c>: the first 8 hex digits of their sha256.</summary>
    public string Sha256Prefix => CheckpointFileName[^12..^4];
}
