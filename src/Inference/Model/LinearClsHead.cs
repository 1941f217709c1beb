// The field name below is a state-dict key (head.fc.*), so it follows PyTorch's snake_case, not .NET naming.
#pragma warning disable IDE1006

using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ResNeXt.Inference.Model;

/// <summary>mmpretrain LinearClsHead: one fully connected layer, no dropout; pre_logits is the identity.</summary>
public sealed class LinearClsHead : Module<Tensor, Tensor>
{
    private readonly Linear fc;

    public LinearClsHead(long inFeatures, long numClasses) : base(nameof(LinearClsHead))
    {
        fc = Linear(inFeatures, numClasses);
        RegisterComponents();
    }

    public override Tensor forward(Tensor features) => fc.call(features);

    /// <summary>A detached copy, so the inference network owns its weights independently of this module.</summary>
    internal Linear CloneLinear()
    {
        var copy = Linear(fc.in_features, fc.out_features);
        using (no_grad())
        {
            copy.weight!.copy_(fc.weight!);
            copy.bias!.copy_(fc.bias!);
        }
        return copy;
    }
}
