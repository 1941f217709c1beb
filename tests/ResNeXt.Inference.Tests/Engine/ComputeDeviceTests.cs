using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Tests.Model;

namespace ResNeXt.Inference.Tests.Engine;

public sealed class ComputeDeviceTests
{
    [Theory]
    [InlineData("cpu", false, 0)]
    [InlineData("cuda", true, 0)]
    [InlineData("cuda:1", true, 1)]
    public void DevicesParse(string text, bool isCuda, int index)
    {
        var device = ComputeDevice.Parse(text);

        Assert.Equal(isCuda, device.IsCuda);
        Assert.Equal(index, device.Index);
        Assert.Equal(text == "cuda" ? "cuda:0" : text, device.ToString());
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("CPU")]
    public void OtherTextIsNotADevice(string text)
    {
        var failure = Assert.Throws<ArgumentException>(() => ComputeDevice.Parse(text));
        Assert.Contains("use cpu, cuda or cuda:N", failure.Message);
    }

    [Theory]
    [InlineData(EngineBackend.OnnxRuntime)]
    [InlineData(EngineBackend.TorchSharp)]
    public void EveryBackendCanUseTheCpu(EngineBackend backend) => Assert.Null(ComputeDevice.Cpu.Unavailable(backend));

    [Fact]
    public void OnnxRuntimeOnACudaItCannotUseFailsTheBuildWithWhatIsMissing()
    {
        var cuda = ComputeDevice.Parse("cuda");
        var missing = cuda.Unavailable(EngineBackend.OnnxRuntime);
        Assert.SkipWhen(missing is null, "this process can run ONNX Runtime on CUDA");
        var (spec, numClasses) = ReferenceModels.Spec(ReferenceModels.Tiny);

        var failure = Assert.Throws<EngineBuildException>(() => EngineFactory.CreateRandom(
            spec, numClasses, new ResNeXtEngineOptions(Device: "cuda", Backend: EngineBackend.OnnxRuntime)));

        Assert.Contains("cuda:0", failure.Message);
        Assert.Contains(missing, failure.Message);
    }
}
