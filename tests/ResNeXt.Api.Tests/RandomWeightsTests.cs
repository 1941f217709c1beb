using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.Tests;

public sealed class RandomWeightsTests : IAsyncLifetime
{
    private readonly ApiFactory factory = new();

    [Fact]
    public async Task RandomWeightsAnswerWithNullCheckpointAndAWarning()
    {
        factory.Classifier.RandomWeights = true;
        using var client = factory.CreateClient();

        using var response = await client.PostAsync($"/v1/models/{ModelCatalog.DefaultModel}/predict", TestUploads.Raw(TestImages.Png(8)),
            TestContext.Current.CancellationToken);

        var body = await ApiAssert.SuccessJsonAsync(response);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("checkpoint").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("warning").GetString()));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}
