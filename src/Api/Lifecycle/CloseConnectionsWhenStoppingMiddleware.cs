namespace ResNeXt.Api.Lifecycle;

/// <summary>
/// From SIGTERM on, HTTP/1.1 answers carry <c>Connection: close</c>. During the grace period the instance still serves,
/// but a client or load balancer holding a keep-alive connection would send its next request down it, to be refused or
/// reset once the server stops; closed after each answer, it reconnects, and the balancer picks a ready instance.
/// HTTP/2 (gRPC) has no such header: Kestrel sends GOAWAY when it stops.
/// </summary>
internal sealed class CloseConnectionsWhenStoppingMiddleware(RequestDelegate next, IHostApplicationLifetime lifetime)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
        {
            // Checked as the answer starts, so a request that arrived before SIGTERM and ends after it closes too.
            context.Response.OnStarting(static state =>
            {
                var (response, stopping) = ((HttpResponse, CancellationToken))state;
                if (stopping.IsCancellationRequested) response.Headers.Connection = "close";
                return Task.CompletedTask;
            }, (context.Response, lifetime.ApplicationStopping));
        }
        return next(context);
    }
}
