using ResNeXt.Inference.Checkpoints;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Training;

/// <summary>Copies a checkpoint's weights into the network about to be trained.</summary>
internal static class InitialWeights
{
    /// <summary>
    /// Fine-tuning (mmpretrain <c>init_cfg=dict(type='Pretrained', ...)</c>): every backbone tensor must match; the
    /// head is taken only when its shape fits, so a checkpoint with another class count leaves the freshly
    /// initialised head in place, which is how mmpretrain fine-tunes an ImageNet model on a new dataset.
    /// </summary>
    /// <returns>Whether the head was copied too.</returns>
    public static bool LoadPretrained(Model.ResNeXt model, string path)
    {
        using var contents = CheckpointReader.Read(path, verifyChecksum: false);
        var target = model.state_dict();
        var headFits = target.Where(p => p.Key.StartsWith(StateDictKeys.Head, StringComparison.Ordinal))
            .All(p => contents.StateDict.TryGetValue(p.Key, out var t) && t.numel() == p.Value.numel() && t.dim() == p.Value.dim());
        Copy(target.Where(p => headFits || !p.Key.StartsWith(StateDictKeys.Head, StringComparison.Ordinal)), contents.StateDict, path);
        return headFits;
    }

    /// <summary>Resuming: the checkpoint this trainer wrote holds exactly the network's keys.</summary>
    public static void LoadExact(Model.ResNeXt model, string path)
    {
        using var contents = CheckpointReader.Read(path, verifyChecksum: false);
        Copy(model.state_dict(), contents.StateDict, path);
    }

    private static void Copy(IEnumerable<KeyValuePair<string, Tensor>> targets, IReadOnlyDictionary<string, Tensor> source, string path)
    {
        using var guard = no_grad();
        foreach (var (key, target) in targets)
        {
            if (!source.TryGetValue(key, out var value))
                throw new CheckpointMismatchException(path, $"it has no {key}.");
            if (value.numel() != target.numel())
                throw new CheckpointMismatchException(path, $"{key} has {value.numel()} values, the network expects {target.numel()}.");
            using var reshaped = value.reshape(target.shape);
            target.copy_(reshaped);
        }
    }
}
