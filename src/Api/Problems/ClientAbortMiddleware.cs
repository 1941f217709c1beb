using Microsoft.AspNetCore.Connections;
using ResNeXt.Api.Extensions;

namespace ResNeXt.Api.Problems;

/// <summary>
/// A client that hangs up mid-request is not a server fault: the cancellation it causes is logged at Information and
/// answered with 499 (nginx's "client closed request"), never counted as a 5xx.
/// </summary>
internal sealed class ClientAbortMiddleware(RequestDelegate next, ILogger<ClientAbortMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        // A reset connection surfaces as the IOException of the read that was under way (raw and chunked uploads), not
        // always as a cancellation; it was answered 500 and counted as a server error.
        catch (Exception error) when (error is ConnectionResetException
            || (error is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested))
        {
            Log.ClientAborted(logger, context.Request.Method, context.Request.Path.ToString());
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            }
        }
    }
}
