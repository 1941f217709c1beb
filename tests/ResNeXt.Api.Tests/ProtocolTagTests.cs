using Microsoft.AspNetCore.Http;
using ResNeXt.Api.Telemetry;
using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.Tests;

public sealed class ProtocolTagTests
{
    private const int MetricsPolls = 50;

    [Theory]
    [InlineData("/v1/models/resnext50-32x4d/predict", null, ProtocolTagMiddleware.V1)]
    [InlineData("/features", null, ProtocolTagMiddleware.V1)]
    [InlineData("/v2/models/resnext50-32x4d/infer", "application/json", ProtocolTagMiddleware.V2Rest)]
    [InlineData("/inference.GRPCInferenceService/ModelInfer", "application/grpc", ProtocolTagMiddleware.V2Grpc)]
    [InlineData("/healthz/ready", null, null)]
    [InlineData("/metrics", null, null)]
    public void EachInferenceRequestIsNamedByItsProtocol(string path, string? contentType, string? protocol)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.ContentType = contentType;

        Assert.Equal(protocol, ProtocolTagMiddleware.ProtocolOf(context.Request));
    }

    [Fact]
    public async Task RequestMetricsCarryTheProtocol()
    {
        await using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        using var v1 = await client.PostAsync($"/v1/models/{ModelCatalog.DefaultModel}/predict", TestUploads.Raw(TestImages.Png(8)), Cancellation);
        using var v2 = await client.GetAsync($"/v2/models/{ModelCatalog.DefaultModel}", Cancellation);

        // A request's duration is recorded as it ends, which can be just after the client has the response.
        var text = "";
        for (var poll = 0; poll < MetricsPolls && !(text.Contains("resnext_protocol=\"v1\"") && text.Contains("resnext_protocol=\"v2-rest\"")); poll++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), Cancellation);
            text = await client.GetStringAsync("/metrics", Cancellation);
        }

        Assert.Contains(text.Split('\n'), l => l.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal)
            && l.Contains("resnext_protocol=\"v1\"", StringComparison.Ordinal) && l.Contains("/v1/models/{model}/predict", StringComparison.Ordinal));
        Assert.Contains(text.Split('\n'), l => l.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal)
            && l.Contains("resnext_protocol=\"v2-rest\"", StringComparison.Ordinal));
        Assert.DoesNotContain(text.Split('\n'), l => l.Contains("/metrics", StringComparison.Ordinal) && l.Contains("resnext_protocol", StringComparison.Ordinal));
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;
}
