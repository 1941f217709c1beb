using System.Text.Json.Serialization;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Inference.Contracts;

/// <param name="File">Checkpoint file name, as it appears in the official download URL.</param>
/// <param name="Path">Where the file lives on the server; only the management endpoints show it.</param>
public sealed record CheckpointResponse(
    string File,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Path,
    string? Sha256)
{
    /// <summary>Null when the model serves random weights, so clients can tell trained answers from noise.</summary>
    public static CheckpointResponse? From(ModelIdentity identity) =>
        identity.CheckpointFile is { } file ? new(file, null, identity.Sha256) : null;
}
