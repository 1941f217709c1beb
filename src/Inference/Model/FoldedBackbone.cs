using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ResNeXt.Inference.Model;

/// <summary><see cref="ResNeXtBackbone"/> after BatchNorm folding.</summary>
public sealed class FoldedBackbone : Module<Tensor, Tensor>
{
    internal const int PoolKernel = 3;
    internal const int PoolStride = 2;
    internal const int PoolPadding = 1;

    private readonly FoldedConv stem;
    private readonly ModuleList<Sequential> layers;

    internal FoldedBackbone(FoldedConv stem, IEnumerable<Sequential> layers) : base(nameof(FoldedBackbone))
    {
        this.stem = stem;
        this.layers = new ModuleList<Sequential>(layers.ToArray());
        RegisterComponents();
    }

    internal FoldedConv Stem => stem;

    /// <summary>The four stages' blocks, in order.</summary>
    internal IEnumerable<IEnumerable<FoldedBottleneck>> Stages => layers.Select(layer => layer.children().Cast<FoldedBottleneck>());

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = functional.max_pool2d(stem.call(images).relu_(), PoolKernel, PoolStride, PoolPadding);
        foreach (var layer in layers)
            x = layer.call(x);
        return x.MoveToOuterDisposeScope();
    }
}
