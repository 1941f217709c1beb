using ResNeXt.Inference.Engine;

namespace ResNeXt.Inference.Serving;

/// <summary>
/// One request for raw outputs, as tensor protocols (the Open Inference Protocol) ask: either encoded images, which go
/// through the same preprocessing as <see cref="ClassificationRequest"/>, or tensors the client preprocessed itself
/// (<see cref="Preprocessing.ImageNetPipeline.TensorLength"/> floats each, CHW, normalised). Exactly one is set.
/// </summary>
/// <param name="Outputs">What to compute; a batch computes the union of what its requests ask for, each gets its own.</param>
/// <param name="Version">A <see cref="ModelVersions"/> name the answer must come from; null accepts whichever is loaded.</param>
public sealed record TensorRequest(
    string Model,
    IReadOnlyList<ReadOnlyMemory<byte>>? EncodedImages,
    IReadOnlyList<ReadOnlyMemory<float>>? Tensors,
    OutputKinds Outputs,
    TimeSpan? Timeout = null,
    string? Version = null);
