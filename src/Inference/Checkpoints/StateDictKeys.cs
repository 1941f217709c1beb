namespace ResNeXt.Inference.Checkpoints;

/// <summary>Maps the key spellings found in the wild onto mmpretrain's <c>backbone.*</c> / <c>head.fc.*</c>.</summary>
internal static class StateDictKeys
{
    public const string Backbone = "backbone.";
    public const string Head = "head.";
    public const string HeadFc = "head.fc.";

    /// <summary>What torch.nn.DataParallel / DistributedDataParallel prepend when a wrapped model is saved.</summary>
    private const string DataParallelPrefix = "module.";

    /// <summary>torchvision's ResNet names its classifier <c>fc</c> and has no backbone/head split.</summary>
    private const string TorchvisionFc = "fc.";

    public static string Normalise(string key, bool torchvisionNaming)
    {
        if (key.StartsWith(DataParallelPrefix, StringComparison.Ordinal))
            key = key[DataParallelPrefix.Length..];
        if (!torchvisionNaming) return key;
        return key.StartsWith(TorchvisionFc, StringComparison.Ordinal) ? Head + key : Backbone + key;
    }

    /// <summary>A state dict uses torchvision naming when no key (after any <c>module.</c>) has mmpretrain's prefixes.</summary>
    public static bool IsTorchvisionNaming(IEnumerable<string> keys) =>
        !keys.Select(k => Normalise(k, torchvisionNaming: false))
            .Any(k => k.StartsWith(Backbone, StringComparison.Ordinal) || k.StartsWith(Head, StringComparison.Ordinal));
}
