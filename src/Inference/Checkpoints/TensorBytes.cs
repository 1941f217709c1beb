using TorchSharp;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Checkpoints;

internal static class TensorBytes
{
    /// <summary>
    /// The storage of a contiguous CPU tensor as bytes, valid while the tensor lives. TorchSharp's
    /// <c>Tensor.bytes</c> is a view of libtorch memory only for CPU tensors (for others it views a temporary
    /// copy), so the device is checked here: readers then copy file bytes straight into the tensor, once.
    /// </summary>
    public static Span<byte> Of(Tensor tensor)
    {
        if (tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
            throw new ArgumentException("Only contiguous CPU tensors expose their bytes.", nameof(tensor));
        return tensor.bytes;
    }
}
