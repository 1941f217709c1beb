using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ResNeXt.Api.Lifecycle;
using ResNeXt.Api.Options;
using ResNeXt.Api.Tests.Fakes;

namespace ResNeXt.Api.Tests;

public sealed class GracefulShutdownServiceTests
{
    /// <summary>
    /// At Shutdown:Timeout Kestrel aborted the connections of requests still queued before the registry gave their images
    /// up: the clients got a connection reset instead of an answer. The queues are now given up first (answered 503), and
    /// only after a moment for those answers does Kestrel abort.
    /// </summary>
    [Fact]
    public async Task AtTheTimeoutQueuedWorkIsAnsweredBeforeConnectionsAreAborted()
    {
        var registry = new FakeModelRegistry();
        var server = new ServerStillServing(registry);
        var time = new FakeTimeProvider();
        var options = Microsoft.Extensions.Options.Options.Create(new ShutdownOptions { GracePeriod = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(30) });
        var service = new GracefulShutdownService(registry, server, options, time, NullLogger<GracefulShutdownService>.Instance);
        using var timeout = new CancellationTokenSource();

        var stopping = service.StoppingAsync(timeout.Token);
        await timeout.CancelAsync(); // Shutdown:Timeout elapsed while the server still had requests

        Assert.True(registry.Drained);
        Assert.False(server.Aborted.Task.IsCompleted);
        time.Advance(GracefulShutdownService.AnswerAllowance);
        Assert.True(await server.Aborted.Task.WaitAsync(TestContext.Current.CancellationToken));
        await stopping.WaitAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A server whose requests never finish by themselves: its stop ends only when aborted.</summary>
    private sealed class ServerStillServing(FakeModelRegistry registry) : IServer
    {
        /// <summary>Completed when aborted, with whether the queued work had been given up by then.</summary>
        public TaskCompletionSource<bool> Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull =>
            Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Aborted.TrySetResult(registry.Drained);
        }

        public void Dispose()
        {
        }
    }
}
