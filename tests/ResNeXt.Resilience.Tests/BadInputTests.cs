using ResNeXt.Resilience.Tests.Infrastructure;

namespace ResNeXt.Resilience.Tests;

/// <summary>Hostile uploads straight at one instance (nginx would hide a 5xx by retrying it on the other).</summary>
[Collection(ResilienceCollection.Name)]
public sealed class BadInputTests(ServiceCluster cluster)
{
    private const int Seed = 20240601;
    private const int Requests = 2_000;
    private const int Concurrency = 8;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task BadInputBarrageCausesNoServerErrorAndTheServiceStillAnswersCorrectly()
    {
        var token = TestContext.Current.CancellationToken;
        await cluster.StartedAsync(token);
        var target = cluster.Instances[0];
        var inputs = new BadInputs(ResilienceFiles.Images(), Seed);
        using var client = new HttpClient { BaseAddress = target.Address, Timeout = TimeLimit };

        var result = await new LoadGenerator(client, inputs.Create).RunAsync(Concurrency, Requests, TimeLimit, token);
        var after = await cluster.LearnAnswerAsync(target, token);

        ResilienceReport.Add("6-bad-input-barrage", new { seed = Seed, result, result.ServerErrors, crashed = target.HasExited });
        Assert.Equal(Requests, result.Sent);
        Assert.Equal(0, result.ServerErrors);
        Assert.Equal(0, result.TransportFailures);
        Assert.False(target.HasExited);
        Assert.Equal(cluster.ExpectedAnswers[after.Sha256!], after.Images[0]);
    }
}
