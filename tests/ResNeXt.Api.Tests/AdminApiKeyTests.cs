using System.Net;
using ResNeXt.Api.Tests.Infrastructure;

namespace ResNeXt.Api.Tests;

public sealed class AdminApiKeyTests : IAsyncLifetime
{
    private const string Key = "correct-horse-battery-staple";

    private readonly ApiFactory factory = new() { Settings = new Dictionary<string, string?> { ["Security:AdminApiKey"] = Key } };

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("correct-horse-battery-stapl")]
    [InlineData("correct-horse-battery-staple-")]
    public async Task LoadWithoutTheRightKeyIsUnauthorized(string? presented)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/resnext101-32x4d/load");
        if (presented is not null) request.Headers.Add("X-Api-Key", presented);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("ApiKey header=\"X-Api-Key\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("load", "ready")]
    [InlineData("unload", "available")]
    public async Task AdminCallsWithTheKeySucceed(string action, string state)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/resnext101-32x4d/{action}");
        request.Headers.Add("X-Api-Key", Key);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(state, (await ApiAssert.SuccessJsonAsync(response)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task ReadingModelsNeedsNoKey()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/v1/models", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}
