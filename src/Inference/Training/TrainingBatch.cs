using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Preprocessing;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Training;

/// <summary>Augmented, normalised images (N x 3 x 224 x 224, managed) and their labels, prepared off the training thread.</summary>
internal sealed record TrainingBatch(float[] Images, long[] Labels)
{
    public int Count => Labels.Length;

    public static Tensor ToTensor(ReadOnlySpan<float> input, int batchSize, Device device)
    {
        var cpu = empty([batchSize, ImageNetPipeline.Channels, ImageNetPipeline.CropSize, ImageNetPipeline.CropSize], float32);
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(input).CopyTo(TensorBytes.Of(cpu));
        return device.type == DeviceType.CPU ? cpu : cpu.to(device);
    }
}
