using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ResNeXt.Api.Tests.Infrastructure;

namespace ResNeXt.Api.Tests;

public sealed class CloseConnectionsWhenStoppingTests
{
    /// <summary>
    /// Answers in the grace period after SIGTERM kept the connection alive, so a client's next request on it raced the
    /// server's stop (one got no answer at all when the grace period ended).
    /// </summary>
    [Fact]
    public async Task AnswersCloseTheConnectionOnceStoppingAndNotBefore()
    {
        await using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        using var before = await client.GetAsync("/healthz/live", TestContext.Current.CancellationToken);

        factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        using var after = await client.GetAsync("/healthz/live", TestContext.Current.CancellationToken);

        Assert.NotEqual(true, before.Headers.ConnectionClose);
        Assert.True(after.Headers.ConnectionClose);
    }
}
