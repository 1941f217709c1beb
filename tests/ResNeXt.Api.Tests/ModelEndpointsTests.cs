using System.Net;
using ResNeXt.Api.Tests.Fakes;
using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.Tests;

public sealed class ModelEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task ListShowsEveryCatalogueModelWithStateFiguresAndBatching()
    {
        using var response = await client.GetAsync("/v1/models", TestContext.Current.CancellationToken);

        var body = await ApiAssert.SuccessJsonAsync(response);
        Assert.Equal(ModelCatalog.DefaultModel, body.GetProperty("default_model").GetString());
        Assert.Equal(JpegDecoding.Backend.ToName(), body.GetProperty("jpeg_decoder").GetString());
        var models = body.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(ModelCatalog.Entries.Select(e => e.Name), models.Select(m => m.GetProperty("name").GetString()));
        var ready = models.Single(m => m.GetProperty("name").GetString() == ModelCatalog.DefaultModel);
        Assert.Equal("ready", ready.GetProperty("state").GetString());
        Assert.Equal(2, ready.GetProperty("queue_depth").GetInt32());
        Assert.Equal(ModelCatalog.Get(ModelCatalog.DefaultModel).PublishedParameters, ready.GetProperty("published").GetProperty("parameters").GetInt64());
        Assert.Equal(8, ready.GetProperty("batching").GetProperty("max_batch_size").GetInt32());
        Assert.Equal(5, ready.GetProperty("batching").GetProperty("max_delay_ms").GetDouble());
        Assert.StartsWith("/models/", ready.GetProperty("checkpoint").GetProperty("path").GetString());
    }

    [Fact]
    public async Task NotDownloadedModelSaysWhy()
    {
        using var response = await client.GetAsync("/v1/models/resnext101-32x8d", TestContext.Current.CancellationToken);

        var body = await ApiAssert.SuccessJsonAsync(response);
        Assert.Equal("not_downloaded", body.GetProperty("state").GetString());
        Assert.Equal(FakeModelRegistry.NotDownloadedReason, body.GetProperty("reason").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("checkpoint").ValueKind);
    }

    [Fact]
    public async Task UnknownModelIsModelNotFound()
    {
        using var response = await client.GetAsync("/v1/models/vgg16", TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound, "model-not-found");
    }

    [Fact]
    public async Task LoadAndUnloadAreOpenWithoutAnAdminKey()
    {
        using var load = await client.PostAsync("/v1/models/resnext152-32x4d/load", null, TestContext.Current.CancellationToken);
        Assert.Equal("ready", (await ApiAssert.SuccessJsonAsync(load)).GetProperty("state").GetString());

        using var unload = await client.PostAsync("/v1/models/resnext152-32x4d/unload", null, TestContext.Current.CancellationToken);
        Assert.Equal("available", (await ApiAssert.SuccessJsonAsync(unload)).GetProperty("state").GetString());
    }
}
