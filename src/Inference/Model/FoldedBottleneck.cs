using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ResNeXt.Inference.Model;

/// <summary><see cref="Bottleneck"/> after BatchNorm folding: three biased convs and the optional projection.</summary>
public sealed class FoldedBottleneck : Module<Tensor, Tensor>
{
    private readonly FoldedConv reduce;
    private readonly FoldedConv grouped;
    private readonly FoldedConv expand;
    private readonly FoldedConv? projection;

    internal FoldedBottleneck(FoldedConv reduce, FoldedConv grouped, FoldedConv expand, FoldedConv? projection)
        : base(nameof(FoldedBottleneck))
    {
        this.reduce = reduce;
        this.grouped = grouped;
        this.expand = expand;
        this.projection = projection;
        RegisterComponents();
    }

    internal FoldedConv Reduce => reduce;
    internal FoldedConv Grouped => grouped;
    internal FoldedConv Expand => expand;
    internal FoldedConv? Projection => projection;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var identity = projection is null ? x : projection.call(x);

        var out_ = reduce.call(x).relu_();
        out_ = grouped.call(out_).relu_();
        out_ = expand.call(out_);

        return out_.add_(identity).relu_().MoveToOuterDisposeScope();
    }
}
