using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using ResNeXt.Api.Extensions;
using ResNeXt.Inference;

namespace ResNeXt.Api.Problems;

/// <summary>
/// The one place that turns exceptions into problems: <see cref="InferenceException"/> by its code, and the
/// <see cref="BadHttpRequestException"/> that parameter binding throws (RouteHandlerOptions.ThrowOnBadRequest is on
/// so a malformed query value reaches here instead of becoming an empty 400). Anything else falls through to the
/// default handler and is a genuine 500.
/// </summary>
internal sealed class InferenceExceptionHandler(IProblemDetailsService problemDetails, ILogger<InferenceExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var kind = exception switch
        {
            InferenceException inference => ProblemCatalog.Get(inference.Code),
            BadHttpRequestException badRequest => ProblemCatalog.Get(ProblemCatalog.CodeOf(badRequest, otherwise: ProblemCatalog.InvalidParameter)),
            _ => null,
        };
        if (kind is null) return false;

        LogProblem(kind, exception);
        httpContext.Response.StatusCode = kind.Status;
        if (exception is InferenceException { RetryAfterSeconds: { } seconds })
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Type = kind.Type, Title = kind.Title, Status = kind.Status, Detail = exception.Message },
        });
    }

    private void LogProblem(ProblemKind kind, Exception exception)
    {
        if (kind.Status >= StatusCodes.Status500InternalServerError)
        {
            Log.ServerProblem(logger, kind.Code, kind.Status, exception);
        }
        else
        {
            Log.ClientProblem(logger, kind.Code, kind.Status, exception.Message);
        }
    }
}
