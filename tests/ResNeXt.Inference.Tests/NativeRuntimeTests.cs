using static TorchSharp.torch;

namespace ResNeXt.Inference.Tests;

public sealed class NativeRuntimeTests
{
    [Fact]
    public void LibTorchLoadsAndComputes()
    {
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = a.mul(2);
        Assert.Equal(12f, b.sum().item<float>());
    }
}
