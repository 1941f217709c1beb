using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Tests.Pipeline;

namespace ResNeXt.Api.Tests.RealEngine;

/// <summary>The start-up log says which JPEG decoder this process uses, so an operator can tell the fast path from the fallback.</summary>
[Collection(RealEngineCollection.Name)]
public sealed class JpegDecoderLogTests
{
    [Fact]
    public async Task StartUpLogNamesTheJpegDecoder()
    {
        PipelineReference.Load();
        var logs = new RecordingLoggerProvider(LogLevel.Information);
        await using var service = new RealEngineFactory();
        await using var factory = service.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));

        using var client = factory.CreateClient();

        Assert.Contains(logs.Entries, entry => entry.Contains($"JPEG decoder: {JpegDecoding.Backend.ToName()}", StringComparison.Ordinal));
    }
}
