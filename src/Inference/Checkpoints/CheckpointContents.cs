using static TorchSharp.torch;

namespace ResNeXt.Inference.Checkpoints;

/// <summary>
/// What a checkpoint file holds once read: tensors under mmpretrain key names, the class names its metadata
/// carries (if any), and the file's sha256. Owns the tensors until disposed.
/// </summary>
public sealed class CheckpointContents(string path, string sha256, IReadOnlyDictionary<string, Tensor> stateDict, IReadOnlyList<string>? classes)
    : IDisposable
{
    public string Path { get; } = path;

    /// <summary>Lower-case hex sha256 of the whole file.</summary>
    public string Sha256 { get; } = sha256;

    public IReadOnlyDictionary<string, Tensor> StateDict { get; } = stateDict;

    /// <summary><c>meta['CLASSES']</c> (mmcls 0.x) or <c>meta['dataset_meta']['classes']</c> (mmpretrain), else null.</summary>
    public IReadOnlyList<string>? Classes { get; } = classes;

    public void Dispose()
    {
        foreach (var tensor in StateDict.Values) tensor.Dispose();
    }
}
