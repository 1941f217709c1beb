using Microsoft.AspNetCore.Diagnostics;
using ResNeXt.Api.Problems;

namespace ResNeXt.Api.OpenInference.Rest;

/// <summary>
/// The answers ASP.NET Core itself gives under /v2, before any handler runs (no such route, a method the route does not
/// take, a content type <c>infer</c> does not accept), in the protocol's <c>{"error": "..."}</c> body like every other
/// /v2 error instead of /v1's problem+json, and naming what was refused.
/// </summary>
internal static class OpenInferenceStatusPages
{
    private const string Prefix = "/v2";

    public static bool Handles(HttpContext context) => context.Request.Path.StartsWithSegments(Prefix);

    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var message = http.Response.StatusCode == StatusCodes.Status415UnsupportedMediaType
            ? $"Content-Type '{request.ContentType}' is not accepted; send {RestInferCodec.JsonContentType}, or " +
              $"{RestInferCodec.BinaryContentType} with {RestInferCodec.HeaderLengthName} (binary tensor data extension)."
            : ProblemCatalog.RoutingRefusal(http) ?? $"{request.Method} {request.Path} was answered with status {http.Response.StatusCode}.";
        // The service's JSON settings, as the endpoints' own errors use.
        return http.Response.WriteAsJsonAsync(new OpenInferenceError(message), http.RequestAborted);
    }
}
