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
    // Refused now; before, each started and then misbehaved: an unhandled crash on the first empty device parse, a
    // backend silently replaced by the default, a 500 on the first download, a service that never became ready.
    [InlineData("Limits:MaxRequestBytes", "2147483648")]
    [InlineData("Models:Device", "")]
    [InlineData("Models:Backend", "9")]
    [InlineData("Models:Backends:tiny", "foo")]
    [InlineData("CheckpointDownload:BaseUrl", "ftp://127.0.0.1/checkpoints")]
    [InlineData("Models:Preload:0", "no-such-model")]
    [InlineData("Models:Checkpoints:tiny", "")]
    [InlineData("Security:AdminApiKey", "  a-key-long-enough-but-padded  ")]
    // Below Batching:DefaultTimeout (30 s): a request naming no deadline would outwait any client's.
    [InlineData("Limits:MaxRequestTimeout", "00:00:20")]
    // Above a model's whole queue (64): such a request could never be admitted (a 500, or UNKNOWN over gRPC).
    [InlineData("Limits:MaxImagesPerRequest", "100")]
    public void BadSettingStopsTheServiceAtStart(string key, string value)
    {
        using var factory = new ApiFactory { Settings = new Dictionary<string, string?> { [key] = value } };

        var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(key.Split(':')[1], failure.Message);
    }

    [Fact]
    public void AModelPreloadedTwiceCountsOnceAgainstMaxLoaded()
    {
        using var factory = new ApiFactory
        {
            Settings = new Dictionary<string, string?>
            {
                ["Models:Preload:0"] = "resnext50-32x4d", ["Models:Preload:1"] = "resnext50-32x4d", ["Models:MaxLoaded"] = "1",
            },
        };

        using var client = factory.CreateClient();
    }

    [Fact]
    public void ACheckpointEntryThatIsAFolderStopsTheServiceAtStart()
    {
        var folder = Directory.CreateTempSubdirectory("resnext-checkpoint-folder-").FullName;
        try
        {
            using var factory = new ApiFactory { Settings = new Dictionary<string, string?> { ["Models:Checkpoints:tiny"] = folder } };

            var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

            Assert.Contains($"Models:Checkpoints:tiny is '{folder}', a folder", failure.Message);
        }
        finally
        {
            Directory.Delete(folder);
        }
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
