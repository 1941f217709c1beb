using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
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

    /// <summary>
    /// Every gRPC answer is HTTP 200, so NOT_FOUND, INVALID_ARGUMENT and RESOURCE_EXHAUSTED all counted as successes on
    /// the request metrics. The status comes in the trailers, or in the headers of a trailers-only answer.
    /// </summary>
    [Theory]
    [InlineData(true, 5)]
    [InlineData(false, 3)]
    public async Task AGrpcRequestCarriesItsGrpcStatus(bool inTrailers, int status)
    {
        var (context, tags) = GrpcCall();
        var trailers = new ResponseTrailers();
        context.Features.Set<IHttpResponseTrailersFeature>(trailers);
        var middleware = new ProtocolTagMiddleware(answered =>
        {
            (inTrailers ? trailers.Trailers : answered.Response.Headers)["grpc-status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });

        await middleware.InvokeAsync(context);

        Assert.Contains(new KeyValuePair<string, object?>(ProtocolTagMiddleware.GrpcStatusTag, status), tags.Tags);
        Assert.Contains(new KeyValuePair<string, object?>(ProtocolTagMiddleware.Tag, ProtocolTagMiddleware.V2Grpc), tags.Tags);
    }

    /// <summary>A client resetting the stream mid-upload (its deadline passed) was tagged UNKNOWN, a server error.</summary>
    [Fact]
    public async Task AGrpcCallTheClientResetIsCancelledNotUnknown()
    {
        var (context, tags) = GrpcCall();
        using var reset = new CancellationTokenSource();
        context.RequestAborted = reset.Token;
        var middleware = new ProtocolTagMiddleware(answered =>
        {
            reset.Cancel();
            answered.Response.Headers["grpc-status"] = "2";
            return Task.CompletedTask;
        });

        await middleware.InvokeAsync(context);

        Assert.Contains(new KeyValuePair<string, object?>(ProtocolTagMiddleware.GrpcStatusTag, 1), tags.Tags);
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>A ModelInfer call, and the tags its request metrics would carry.</summary>
    private static (DefaultHttpContext Context, MetricsTags Tags) GrpcCall()
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/inference.GRPCInferenceService/ModelInfer";
        context.Request.ContentType = "application/grpc";
        var tags = new MetricsTags();
        context.Features.Set<IHttpMetricsTagsFeature>(tags);
        return (context, tags);
    }

    private sealed class ResponseTrailers : IHttpResponseTrailersFeature
    {
        public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();
    }

    private sealed class MetricsTags : IHttpMetricsTagsFeature
    {
        public ICollection<KeyValuePair<string, object?>> Tags { get; } = [];

        public bool MetricsDisabled { get; set; }
    }
}
