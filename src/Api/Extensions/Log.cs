namespace ResNeXt.Api.Extensions;

/// <summary>The API's log events; EventIds are unique within this assembly.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "ClientProblem", Level = LogLevel.Information,
        Message = "Request refused with {ProblemCode} ({StatusCode}): {Detail}")]
    public static partial void ClientProblem(ILogger logger, string problemCode, int statusCode, string detail);

    [LoggerMessage(EventId = 2, EventName = "ServerProblem", Level = LogLevel.Warning,
        Message = "Request failed with {ProblemCode} ({StatusCode})")]
    public static partial void ServerProblem(ILogger logger, string problemCode, int statusCode, Exception exception);

    [LoggerMessage(EventId = 3, EventName = "ClientAborted", Level = LogLevel.Information,
        Message = "Client closed the connection during {Method} {Path}")]
    public static partial void ClientAborted(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 4, EventName = "AdminKeyRejected", Level = LogLevel.Warning,
        Message = "Admin request to {Path} refused: missing or wrong X-Api-Key")]
    public static partial void AdminKeyRejected(ILogger logger, string path);

    [LoggerMessage(EventId = 5, EventName = "Draining", Level = LogLevel.Information,
        Message = "Shutting down: the server has stopped and queued inference requests are draining")]
    public static partial void Draining(ILogger logger);

    [LoggerMessage(EventId = 6, EventName = "LeavingRotation", Level = LogLevel.Information,
        Message = "Shutting down: readiness is off; requests are still served for the grace period of {GracePeriod}")]
    public static partial void LeavingRotation(ILogger logger, TimeSpan gracePeriod);

    [LoggerMessage(EventId = 7, EventName = "StoppingServer", Level = LogLevel.Information,
        Message = "Shutting down: grace period over; the server stops accepting and finishes the requests it has")]
    public static partial void StoppingServer(ILogger logger);

    [LoggerMessage(EventId = 8, EventName = "WhereToGo", Level = LogLevel.Information,
        Message = "Listening on {Address}: demo page {Address}/ , Swagger UI {Address}/swagger ; first prediction: {FirstRequest}")]
    public static partial void WhereToGo(ILogger logger, string address, string firstRequest);

    [LoggerMessage(EventId = 9, EventName = "GrpcEndpoint", Level = LogLevel.Information,
        Message = "Open Inference Protocol gRPC (HTTP/2 without TLS) on {Address}: service inference.GRPCInferenceService")]
    public static partial void GrpcEndpoint(ILogger logger, string address);

    [LoggerMessage(EventId = 10, EventName = "UnexpectedOpenInferenceError", Level = LogLevel.Error,
        Message = "An Open Inference Protocol request failed unexpectedly (answered 500)")]
    public static partial void UnexpectedOpenInferenceError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 11, EventName = "ShutdownTimedOut", Level = LogLevel.Warning,
        Message = "Shutting down: Shutdown:Timeout elapsed; images still queued are answered 503 without being computed")]
    public static partial void ShutdownTimedOut(ILogger logger);
}
