using System.Diagnostics;
using System.Globalization;
using ResNeXt.Api.Extensions;
using ResNeXt.Api.Problems;
using ResNeXt.Inference;

namespace ResNeXt.Api.OpenInference.Rest;

/// <summary>
/// /v2 answers errors with the protocol's <c>{"error": "..."}</c> body instead of /v1's problem+json, with the same
/// status codes (<see cref="ProblemCatalog"/>) and the same Retry-After.
/// </summary>
internal sealed class OpenInferenceErrorFilter(ILogger<OpenInferenceErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (InferenceException error)
        {
            if (error.RetryAfterSeconds is { } seconds)
            {
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }
            return Refuse(ProblemCatalog.Get(error.Code), error);
        }
        catch (BadHttpRequestException error)
        {
            return Refuse(ProblemCatalog.Get(ProblemCatalog.CodeOf(error, otherwise: ProblemCatalog.MalformedBody)), error);
        }
        catch (Exception error) when (error is not OperationCanceledException && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // A bug still answers in the protocol's shape; its details stay in the log, under the trace id it names. A
            // client that hung up is left to ClientAbortMiddleware, as on /v1.
            Log.UnexpectedOpenInferenceError(logger, error);
            return TypedResults.Json(
                new OpenInferenceError($"The server failed unexpectedly; its log has the details under trace id {Activity.Current?.TraceId.ToString() ?? "(none)"}."),
                statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    private JsonHttpResult<OpenInferenceError> Refuse(ProblemKind kind, Exception error)
    {
        if (kind.Status >= StatusCodes.Status500InternalServerError) Log.ServerProblem(logger, kind.Code, kind.Status, error);
        else Log.ClientProblem(logger, kind.Code, kind.Status, error.Message);
        return TypedResults.Json(new OpenInferenceError(error.Message), statusCode: kind.Status);
    }
}
