using Microsoft.Extensions.Options;
using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Inference.Engine;

namespace ResNeXt.Api.Tests;

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Limits:MaxImagesPerRequest", "0")]
    [InlineData("Limits:MaxRequestBytes", "-1")]
    [InlineData("Limits:MaxRequestTimeout", "00:00:00")]
    [InlineData("Security:AdminApiKey", "short")]
    [InlineData("OpenInference:GrpcUrl", "grpc://127.0.0.1:8081")]
    [InlineData("OpenInference:GrpcUrl", "http://127.0.0.1")]
    [InlineData("OpenInference:GrpcUrl", "http://127.0.0.1:8081/inference")]
    public void BadSettingStopsTheServiceAtStart(string key, string value)
    {
        using var factory = new ApiFactory { Settings = new Dictionary<string, string?> { [key] = value } };

        var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(key.Split(':')[1], failure.Message);
    }

    [Fact]
    public void ACheckpointFolderThatIsAFileStopsTheServiceAtStart()
    {
        var file = Path.GetTempFileName();
        try
        {
            using var factory = new ApiFactory { Settings = new Dictionary<string, string?> { ["Models:Directory"] = file } };

            var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

            Assert.Contains($"Models:Directory '{file}' is a file", failure.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("onnxruntime")]
    [InlineData("torchsharp")]
    public void CudaDeviceThisProcessCannotUseStopsTheServiceAtStartNamingWhatIsMissing(string backend)
    {
        Assert.True(EngineBackendNames.TryParse(backend, out var parsed));
        var missing = ComputeDevice.Parse("cuda").Unavailable(parsed);
        using var factory = new ApiFactory
        {
            Settings = new Dictionary<string, string?> { ["Models:Device"] = "cuda", ["Models:Backend"] = backend },
        };

        if (missing is null)
        {
            // A CUDA build on a GPU machine: the same setting must start the service.
            using var client = factory.CreateClient();
            return;
        }

        var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains($"Models:Device is 'cuda' but the {backend} backend cannot use it", failure.Message);
        Assert.Contains(missing, failure.Message);
    }

    [Fact]
    public void PerModelBackendOverrideIsCheckedAgainstTheDeviceToo()
    {
        var missing = ComputeDevice.Parse("cuda").Unavailable(EngineBackend.TorchSharp);
        Assert.SkipWhen(missing is null, "libtorch can use CUDA here");
        using var factory = new ApiFactory
        {
            Settings = new Dictionary<string, string?>
            {
                ["Models:Device"] = "cuda",
                ["Models:Backend"] = "onnxruntime",
                ["Models:Backends:tiny"] = "torchsharp",
            },
        };

        var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains("the torchsharp backend cannot use it", failure.Message);
    }
}
