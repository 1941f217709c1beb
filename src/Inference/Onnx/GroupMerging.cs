using System.Runtime.Intrinsics.X86;
using ResNeXt.Inference.Engine;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Onnx;

/// <summary>
/// ONNX Runtime's CPU provider runs a convolution in its fast blocked layout (NCHWc) only when every group has a
/// multiple of the block's channels: 16 floats where it uses AVX-512. A ResNeXt's first two stages have 4 and 8
/// channels per group (32x4d), so their grouped convolutions fall back to a generic kernel at about a quarter of the
/// speed per FLOP, with a layout conversion before and after each. Merging neighbouring groups into one group of a
/// block's channels, whose weights are block-diagonal (zeros between the merged groups), computes the same function:
/// each output still sums only its own group's inputs, and the added terms are exact zeros; only the order in which the
/// products are summed may differ, as between any two kernels. The merged convolution does more multiplications, and
/// is still faster: measured in docs/benchmarks.md (section 1, "Grouped convolutions in ONNX Runtime's blocked layout").
/// </summary>
internal static class GroupMerging
{
    /// <summary>The NCHWc block of ONNX Runtime's AVX-512 kernels, in floats.</summary>
    public const int Avx512Block = 16;

    /// <summary>No merging: groups as the checkpoint has them.</summary>
    public const int None = 1;

    /// <summary>
    /// The channels per group to merge up to on <paramref name="device"/>: the AVX-512 block on a CPU that has it. Not on
    /// a GPU, whose grouped convolutions need no merging, nor on an AVX2-only CPU (block 8), where it has not been measured.
    /// </summary>
    public static int BlockFor(ComputeDevice device) => !device.IsCuda && Avx512F.IsSupported ? Avx512Block : None;

    /// <summary>How many neighbouring groups become one; 1 when the groups are already large enough or do not divide evenly.</summary>
    public static long Factor(long groups, long channelsPerGroup, int block)
    {
        if (groups <= 1 || channelsPerGroup >= block || block % channelsPerGroup != 0)
            return 1;
        var factor = block / channelsPerGroup;
        return groups % factor == 0 ? factor : 1;
    }

    /// <summary>
    /// The weights of the same convolution with <paramref name="groups"/> / <paramref name="factor"/> groups: each new
    /// group's weights are its <paramref name="factor"/> old groups' weights on the diagonal, zeros elsewhere.
    /// </summary>
    /// <param name="weight">[out channels, in channels per group, kernel height, kernel width]; left as it was.</param>
    public static Tensor Merge(Tensor weight, long groups, long factor)
    {
        ArgumentNullException.ThrowIfNull(weight);
        var (outChannels, inPerGroup, height, width) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3]);
        var outPerGroup = outChannels / groups;
        using var scope = NewDisposeScope();
        // [merged group, member, out per group, 1, in per group, h, w] x [1, member, 1, member, 1, 1, 1]: the identity
        // keeps member m's weights at input block m and multiplies the others by exact zeros.
        var members = weight.reshape(groups / factor, factor, outPerGroup, 1, inPerGroup, height, width);
        var diagonal = eye(factor, dtype: weight.dtype, device: weight.device).reshape(1, factor, 1, factor, 1, 1, 1);
        return (members * diagonal).reshape(outChannels, factor * inPerGroup, height, width).MoveToOuterDisposeScope();
    }
}
