namespace ResNeXt.Inference.Checkpoints;

/// <summary>A network with its checkpoint's weights (in eval mode), the class names and the file's sha256.</summary>
public sealed record LoadedModel(Model.ResNeXt Model, IReadOnlyList<string> Classes, string Sha256) : IDisposable
{
    public void Dispose() => Model.Dispose();
}
