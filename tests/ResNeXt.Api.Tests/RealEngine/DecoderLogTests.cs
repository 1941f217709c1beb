using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Tests.Pipeline;

namespace ResNeXt.Api.Tests.RealEngine;

/// <summary>The start-up log says which JPEG and PNG decoders this process uses, so an operator can tell the fast paths from the fallbacks.</summary>
[Collection(RealEngineCollection.Name)]
public sealed class DecoderLogTests
{
    private static readonly TimeSpan LogTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StartUpLogNamesTheJpegAndPngDecoders()
    {
        PipelineReference.Load();
        var logs = new RecordingLoggerProvider(LogLevel.Information);
        await using var service = new RealEngineFactory();
        await using var factory = service.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
        using var client = factory.CreateClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(LogTimeout);

        await logs.WaitForAsync($"JPEG decoder: {JpegDecoding.Backend.ToName()}", timeout.Token);
        await logs.WaitForAsync($"PNG decoder: {PngDecoding.Backend.ToName()}", timeout.Token);
    }
}
