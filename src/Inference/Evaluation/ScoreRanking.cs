using static TorchSharp.torch;

namespace ResNeXt.Inference.Evaluation;

/// <summary>
/// Ranks classes with libtorch's own <c>topk</c>, as mmpretrain's <c>Accuracy</c> does (<c>pred.topk(maxk, dim=1)</c>),
/// so even exactly tied scores resolve to the same classes as in PyTorch rather than to a managed sort's choice.
/// </summary>
public static class ScoreRanking
{
    /// <summary>The <paramref name="k"/> best class indices of each row of <paramref name="scores"/> (rows x classes), best first.</summary>
    public static int[] TopK(float[] scores, int rows, int classes, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(scores.Length, rows * classes, nameof(scores));
        using var scope = NewDisposeScope();
        var (_, indices) = tensor(scores, [rows, classes]).topk(k, dim: 1, largest: true, sorted: true);
        return [.. indices.to_type(ScalarType.Int32).data<int>()];
    }
}
