using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;

namespace ResNeXt.Api.Telemetry;

/// <summary>
/// Names the protocol of every inference request (<c>v1</c>, <c>v2-rest</c>, <c>v2-grpc</c>) on its span and on ASP.NET
/// Core's request metrics (<c>http.server.request.duration</c>), so dashboards split traffic and latency by protocol. The
/// engine's own metrics cannot carry it: /v1 and V2 requests for a model share batches.
/// </summary>
internal sealed class ProtocolTagMiddleware(RequestDelegate next)
{
    public const string Tag = "resnext.protocol";
    public const string V1 = "v1";
    public const string V2Rest = "v2-rest";
    public const string V2Grpc = "v2-grpc";
    public const string GrpcStatusTag = "rpc.grpc.status_code";

    private const string GrpcStatusHeader = "grpc-status";
    private const int CancelledStatus = 1; // Grpc.Core.StatusCode.Cancelled, without the dependency in this middleware
    private const int UnknownStatus = 2;

    public async Task InvokeAsync(HttpContext context)
    {
        var protocol = ProtocolOf(context.Request);
        var tags = context.Features.Get<IHttpMetricsTagsFeature>()?.Tags;
        if (protocol is not null)
        {
            Activity.Current?.SetTag(Tag, protocol);
            tags?.Add(new(Tag, protocol));
        }
        await next(context);
        // Every gRPC answer is HTTP 200, its outcome is the grpc-status trailer: without this tag a gRPC error rate
        // read as zero on the request metrics (OpenTelemetry's rpc.grpc.status_code).
        if (protocol == V2Grpc && GrpcStatusOf(context) is { } status)
        {
            Activity.Current?.SetTag(GrpcStatusTag, status);
            tags?.Add(new(GrpcStatusTag, status));
        }
    }

    /// <summary>In the trailers, or in the headers of a trailers-only answer (an error before any message).</summary>
    private static int? GrpcStatusOf(HttpContext context)
    {
        var value = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers[GrpcStatusHeader] is { Count: > 0 } trailer
            ? trailer
            : context.Response.Headers[GrpcStatusHeader];
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var status)) return null;
        // A client that reset the stream while its message was still arriving (its deadline passed mid-upload) is
        // reported by grpc-dotnet as UNKNOWN, a server error on any dashboard; the caller cancelled.
        return status == UnknownStatus && context.RequestAborted.IsCancellationRequested ? CancelledStatus : status;
    }

    internal static string? ProtocolOf(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true ? V2Grpc
        : request.Path.StartsWithSegments("/v2") ? V2Rest
        : request.Path.StartsWithSegments("/v1") || request.Path.StartsWithSegments("/features") ? V1
        : null;
}
