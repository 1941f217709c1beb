using ResNeXt.Inference.Engine;

namespace ResNeXt.Inference.Batching;

/// <summary>
/// One image's share of a forward pass: fresh arrays owned by the caller, never views of the batch arrays, which the
/// runner may reuse for the next batch. An array is null when its kind was not requested for this image.
/// </summary>
public sealed record ImageOutputs(float[]? Logits, float[]? Scores, float[]? Neck, float[]? Backbone)
{
    /// <summary>Copies out the outputs of image <paramref name="item"/> that <paramref name="kinds"/> asks for.</summary>
    public static ImageOutputs CopyFrom(BatchOutputs outputs, int item, OutputKinds kinds)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        return new ImageOutputs(
            kinds.HasFlag(OutputKinds.Logits) ? outputs.LogitsOf(item).ToArray() : null,
            kinds.HasFlag(OutputKinds.Scores) ? outputs.ScoresOf(item).ToArray() : null,
            kinds.HasFlag(OutputKinds.Neck) ? outputs.NeckOf(item).ToArray() : null,
            kinds.HasFlag(OutputKinds.Backbone) ? outputs.BackboneOf(item).ToArray() : null);
    }
}
