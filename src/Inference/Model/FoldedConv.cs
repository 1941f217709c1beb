using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ResNeXt.Inference.Model;

/// <summary>A convolution with a bias: what a bias-free conv followed by eval-mode BatchNorm becomes.</summary>
public sealed class FoldedConv : Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly long[] stride;
    private readonly long[] padding;
    private readonly long groups;

    /// <param name="weight">Takes ownership.</param>
    /// <param name="bias">Takes ownership.</param>
    internal FoldedConv(Tensor weight, Tensor bias, long[] stride, long[] padding, long groups) : base(nameof(FoldedConv))
    {
        this.weight = new Parameter(weight, requires_grad: false);
        this.bias = new Parameter(bias, requires_grad: false);
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
        RegisterComponents();
    }

    internal Tensor Weight => weight;
    internal Tensor Bias => bias;
    internal IReadOnlyList<long> Stride => stride;
    internal IReadOnlyList<long> Padding => padding;
    internal long Groups => groups;

    public override Tensor forward(Tensor x) =>
        functional.conv2d(x, weight, bias, strides: stride, padding: padding, groups: groups);
}
