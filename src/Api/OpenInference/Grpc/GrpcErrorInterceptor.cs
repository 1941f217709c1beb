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

    /// <summary>
    /// The status message travels in a trailer, and clients refuse trailers beyond a limit (8 KiB by default in
    /// grpc-core) with RESOURCE_EXHAUSTED, losing the real status; a message echoing a client's 8,000-character model
    /// name did that. 512 characters stay under it even when every one is percent-encoded from four UTF-8 bytes.
    /// </summary>
    public const int MaxMessageLength = 512;

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
            if (error.RetryAfterSeconds is { } seconds)
            {
                trailers.Add(RetryAfterTrailer, seconds.ToString(CultureInfo.InvariantCulture));
            }
            throw new RpcException(new Status(StatusOf(kind.Status), Shorten(error.Message)), trailers);
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

    /// <summary>Keeps both ends of a long message: the start says what was wrong, the end often what is accepted.</summary>
    public static string Shorten(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Length <= MaxMessageLength) return message;
        const string cut = " ... ";
        var tail = (MaxMessageLength - cut.Length) / 3;
        var head = MaxMessageLength - cut.Length - tail;
        return string.Concat(message.AsSpan(0, head), cut, message.AsSpan(message.Length - tail));
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
