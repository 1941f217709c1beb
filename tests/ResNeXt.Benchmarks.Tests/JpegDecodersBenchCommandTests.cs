using System.Text.Json;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Tests.Preprocessing;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Benchmarks.Tests;

public sealed class JpegDecodersBenchCommandTests
{
    [Fact]
    public async Task TimesBothDecodersAndFindsTheSamePixels()
    {
        NativeDecoderRequirement.RequireTurboJpeg();
        var image = ReferenceData.Require("preprocessing", "photo420_500x375.jpg");

        var run = await BenchmarkRunner.RunAsync("jpeg-decoders", "--images", image, "--rounds", "1", "--iterations", "1", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([JpegBackendNames.TurboJpeg, JpegBackendNames.LibJpegNet], results.Select(r => r.GetProperty("decoder").GetString()));
        Assert.All(results, r => Assert.True(r.GetProperty("samePixelsAsTurbo").GetBoolean()));
        Assert.True(results[1].GetProperty("slowerThanTurbo").GetProperty("median").GetDouble() > 0);
    }

    [Fact]
    public async Task MissingImageIsAUsageError()
    {
        var run = await BenchmarkRunner.RunAsync("jpeg-decoders", "--images", "/nonexistent/cat.jpg");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--images '/nonexistent/cat.jpg' does not exist.", run.Error);
    }
}
