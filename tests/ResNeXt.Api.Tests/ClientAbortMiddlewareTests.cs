using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using ResNeXt.Api.Problems;

namespace ResNeXt.Api.Tests;

/// <summary>
/// A client that hangs up is answered 499 and not counted as a server error, however the hang-up surfaces. A reset in
/// the middle of an upload can surface as the pending read's ConnectionResetException before the request's abort token
/// fires (a race the probe hit on the real service): that was answered 500 and logged as an error.
/// </summary>
public sealed class ClientAbortMiddlewareTests
{
    [Fact]
    public async Task AResetDuringTheBodyReadIsAClientAbort()
    {
        var context = new DefaultHttpContext();
        var middleware = new ClientAbortMiddleware(_ => throw new ConnectionResetException("Connection reset by peer"), NullLogger<ClientAbortMiddleware>.Instance);

        await middleware.InvokeAsync(context);

        Assert.Equal(StatusCodes.Status499ClientClosedRequest, context.Response.StatusCode);
    }

    [Fact]
    public async Task AnIOExceptionOfAnAbortedRequestIsAClientAbort()
    {
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        var context = new DefaultHttpContext { RequestAborted = aborted.Token };
        var middleware = new ClientAbortMiddleware(_ => throw new IOException("The request stream was aborted."), NullLogger<ClientAbortMiddleware>.Instance);

        await middleware.InvokeAsync(context);

        Assert.Equal(StatusCodes.Status499ClientClosedRequest, context.Response.StatusCode);
    }

    [Fact]
    public async Task AnIOExceptionOfALiveRequestIsNotHidden()
    {
        var context = new DefaultHttpContext();
        var middleware = new ClientAbortMiddleware(_ => throw new IOException("Disk full"), NullLogger<ClientAbortMiddleware>.Instance);

        await Assert.ThrowsAsync<IOException>(() => middleware.InvokeAsync(context));
    }
}
