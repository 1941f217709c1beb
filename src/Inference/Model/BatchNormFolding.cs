using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Model;

/// <summary>
/// Folds eval-mode BatchNorm into the preceding bias-free convolution:
/// W' = W * gamma / sqrt(var + eps) per output channel, b' = beta - mean * gamma / sqrt(var + eps).
/// </summary>
internal static class BatchNormFolding
{
    public static FoldedConv Fold(Conv2d conv, BatchNorm2d bn)
    {
        if (conv.bias is not null)
            throw new ArgumentException("Only bias-free convolutions are folded (every ResNeXt conv is).", nameof(conv));

        using var scope = NewDisposeScope();
        using var guard = no_grad();
        // float64 so the fold adds no rounding of its own: the only float32 rounding left is the final cast.
        var weight = conv.weight!.detach().to(float64);
        var gamma = bn.weight!.detach().to(float64);
        var beta = bn.bias!.detach().to(float64);
        var mean = bn.running_mean!.to(float64);
        var variance = bn.running_var!.to(float64);

        var scale = gamma / (variance + bn.eps).sqrt();
        var foldedWeight = (weight * scale.view(-1, 1, 1, 1)).to(float32).contiguous();
        var foldedBias = (beta - mean * scale).to(float32);

        return new FoldedConv(
            foldedWeight.MoveToOuterDisposeScope(), foldedBias.MoveToOuterDisposeScope(),
            conv.stride, conv.padding ?? throw new ArgumentException("Only explicit padding is folded.", nameof(conv)), conv.groups);
    }
}
