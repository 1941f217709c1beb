using System.Diagnostics;
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

    public Task InvokeAsync(HttpContext context)
    {
        if (ProtocolOf(context.Request) is { } protocol)
        {
            Activity.Current?.SetTag(Tag, protocol);
            context.Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(new(Tag, protocol));
        }
        return next(context);
    }

    internal static string? ProtocolOf(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true ? V2Grpc
        : request.Path.StartsWithSegments("/v2") ? V2Rest
        : request.Path.StartsWithSegments("/v1") || request.Path.StartsWithSegments("/features") ? V1
        : null;
}
