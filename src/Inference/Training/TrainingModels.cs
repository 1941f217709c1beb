using ResNeXt.Inference.Model;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Inference.Training;

/// <summary>
/// The architectures <c>resnext train --model</c> accepts: the four catalogue ResNeXts and <see cref="TinyName"/>,
/// a reduced-width ResNeXt (the one the reference scripts call "tiny") that learns a toy dataset in seconds on a CPU.
/// The tiny spec lives here rather than in the ImageNet catalogue because no official checkpoint exists for it.
/// </summary>
public static class TrainingModels
{
    public const string TinyName = "tiny";

    /// <summary>One block per stage, 4 groups of width 4, base and stem 16: about 0.36M parameters for 10 classes.</summary>
    public static ResNeXtSpec Tiny { get; } = new([1, 1, 1, 1], Groups: 4, WidthPerGroup: 4, BaseChannels: 16, StemChannels: 16);

    /// <exception cref="ModelNotFoundException">Neither <see cref="TinyName"/> nor a catalogue model.</exception>
    public static ResNeXtSpec Resolve(string name)
    {
        if (string.Equals(name, TinyName, StringComparison.OrdinalIgnoreCase)) return Tiny;
        // The catalogue's own refusal would list its four models, leaving out the one accepted here besides them.
        return ModelCatalog.TryGet(name, out var entry) ? entry.Spec : throw new ModelNotFoundException(name, [.. ModelCatalog.Entries.Select(e => e.Name), TinyName]);
    }
}
