using Microsoft.AspNetCore.Diagnostics;

namespace ResNeXt.Api.Problems;

/// <summary>
/// The answers ASP.NET Core gives before any handler runs (no route, a method the route does not take, a content type
/// it does not accept), as problem+json with the catalogue's stable <c>urn:resnext:problem:</c> types the README
/// promises for every error; they carried RFC 9110 section links as their types. /v2 has its own shape
/// (<see cref="OpenInference.Rest.OpenInferenceStatusPages"/>).
/// </summary>
internal static class StatusCodeProblems
{
    public static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var (code, detail) = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => (ProblemCatalog.RouteNotFound, $"{ProblemCatalog.RoutingRefusal(http)} The API is described at /swagger."),
            StatusCodes.Status405MethodNotAllowed => (ProblemCatalog.MethodNotAllowed, ProblemCatalog.RoutingRefusal(http)),
            StatusCodes.Status415UnsupportedMediaType => (ProblemCatalog.UnsupportedMediaType, $"Content-Type '{http.Request.ContentType}' is not accepted here."),
            _ => ((string?)null, (string?)null),
        };
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        var kind = code is null ? null : ProblemCatalog.Get(code);
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = kind is null
                ? new() { Status = http.Response.StatusCode }
                : new() { Status = kind.Status, Type = kind.Type, Title = kind.Title, Detail = detail },
        });
    }
}
