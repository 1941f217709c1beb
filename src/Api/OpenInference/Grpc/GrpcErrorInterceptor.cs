using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using ResNeXt.Api.Extensions;
using ResNeXt.Api.Problems;
using ResNeXt.Inference;

namespace ResNeXt.Api.OpenInference.Grpc;

/// <summary>
/// Every known failure becomes the gRPC status that matches /v1's HTTP status for it, with the message that names the
/// cause; a retryable one carries the <c>retry-after</c> trailer (seconds). Nothing known ends as UNKNOWN.
/// </summary>
internal sealed class GrpcErrorInterceptor(ILogger<GrpcErrorInterceptor> logger) : Interceptor
{
    public const string RetryAfterTrailer = "retry-after";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await continuation(request, context);
        }
        catch (InferenceException error)
        {
            var kind = ProblemCatalog.Get(error.Code);
            if (kind.Status >= StatusCodes.Status500InternalServerError)
            {
                Log.ServerProblem(logger, kind.Code, kind.Status, error);
            }
            else
            {
                Log.ClientProblem(logger, kind.Code, kind.Status, error.Message);
            }
            var trailers = new Metadata();
            if (error.RetryAfter is { } retryAfter)
            {
                trailers.Add(RetryAfterTrailer, Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
            }
            throw new RpcException(new Status(StatusOf(kind.Status), error.Message), trailers);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The call's token fires for the deadline and for a client that left. Only a client still connected reads
            // the status, and a connected client with a deadline was cancelled by that deadline.
            throw context.Deadline != DateTime.MaxValue
                ? new RpcException(new Status(StatusCode.DeadlineExceeded, "The call's deadline passed before inference finished."))
                : new RpcException(new Status(StatusCode.Cancelled, "The client cancelled the call."));
        }
    }

    public static StatusCode StatusOf(int httpStatus) => httpStatus switch
    {
        StatusCodes.Status400BadRequest or StatusCodes.Status415UnsupportedMediaType => StatusCode.InvalidArgument,
        StatusCodes.Status401Unauthorized => StatusCode.Unauthenticated,
        StatusCodes.Status404NotFound => StatusCode.NotFound,
        StatusCodes.Status413PayloadTooLarge or StatusCodes.Status429TooManyRequests => StatusCode.ResourceExhausted,
        StatusCodes.Status503ServiceUnavailable => StatusCode.Unavailable,
        StatusCodes.Status504GatewayTimeout => StatusCode.DeadlineExceeded,
        _ => StatusCode.Internal,
    };
}
