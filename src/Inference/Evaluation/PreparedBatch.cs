namespace ResNeXt.Inference.Evaluation;

/// <summary>A batch decoded and normalised ahead of its forward pass; <see cref="Input"/> is rented from the shared pool.</summary>
internal sealed record PreparedBatch(float[] Input, int[] Labels)
{
    public int Count => Labels.Length;
}
