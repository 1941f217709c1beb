using System.Net;
using ResNeXt.Api.Tests.Fakes;
using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.Tests;

/// <summary>Each engine error code maps to its status and stable problem type, whatever endpoint raised it.</summary>
public sealed class ProblemMappingTests : IAsyncLifetime
{
    private readonly ApiFactory factory = new();

    [Theory]
    [InlineData("invalid-image", HttpStatusCode.BadRequest)]
    [InlineData("model-not-found", HttpStatusCode.NotFound)]
    [InlineData("image-too-large", HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("unsupported-media-type", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("model-not-downloaded", HttpStatusCode.ServiceUnavailable)]
    [InlineData("model-downloading", HttpStatusCode.ServiceUnavailable)]
    [InlineData("model-load-failed", HttpStatusCode.ServiceUnavailable)]
    [InlineData("model-memory-busy", HttpStatusCode.ServiceUnavailable)]
    [InlineData("model-unloading", HttpStatusCode.ServiceUnavailable)]
    [InlineData("deadline-exceeded", HttpStatusCode.GatewayTimeout)]
    public async Task EngineCodesMapToTheirStatus(string code, HttpStatusCode status)
    {
        factory.Classifier.Failure = new FakeInferenceException(code);
        using var client = factory.CreateClient();

        using var response = await client.PostAsync($"/v1/models/{ModelCatalog.DefaultModel}/predict", TestUploads.Raw(TestImages.Png(8)),
            TestContext.Current.CancellationToken);

        var problem = await ApiAssert.ProblemAsync(response, status, code);
        Assert.Equal(ModelCatalog.DefaultModel, problem.GetProperty("model").GetString());
    }

    [Fact]
    public async Task QueueFullIs429WithRetryAfterFromTheEngine()
    {
        factory.Classifier.Failure = new FakeInferenceException("queue-full", TimeSpan.FromMilliseconds(1500));
        using var client = factory.CreateClient();

        using var response = await client.PostAsync($"/v1/models/{ModelCatalog.DefaultModel}/predict", TestUploads.Raw(TestImages.Png(8)),
            TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.TooManyRequests, "queue-full");
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task UnknownModelIsModelNotFoundNamingTheKnownModels()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/v1/models/resnext51/predict", TestUploads.Raw(TestImages.Png(8)),
            TestContext.Current.CancellationToken);

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound, "model-not-found");
        Assert.Contains(ModelCatalog.DefaultModel, problem.GetProperty("detail").GetString());
        Assert.Equal("resnext51", problem.GetProperty("model").GetString());
    }

    /// <summary>Routing's own 404 and 405 carried RFC 9110 links as their types, not the catalogue's stable ones.</summary>
    [Fact]
    public async Task RoutingRefusalsHaveCatalogueTypes()
    {
        using var client = factory.CreateClient();

        using var noRoute = await client.GetAsync("/v1/no-such-route", TestContext.Current.CancellationToken);
        using var wrongMethod = await client.GetAsync($"/v1/models/{ModelCatalog.DefaultModel}/predict", TestContext.Current.CancellationToken);

        var notFound = await ApiAssert.ProblemAsync(noRoute, HttpStatusCode.NotFound, "route-not-found");
        Assert.Contains("GET /v1/no-such-route", notFound.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var notAllowed = await ApiAssert.ProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.Contains("takes POST", notAllowed.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathTraversalInTheModelNameIsModelNotFound()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/v1/models/..%2F..%2Fetc%2Fpasswd/predict", TestUploads.Raw(TestImages.Png(8)),
            TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound, "model-not-found");
    }

    [Fact]
    public async Task ClientAbortIsNotAServerError()
    {
        factory.Classifier.WaitForCancellation = true;
        using var client = factory.CreateClient();
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        abort.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.PostAsync($"/v1/models/{ModelCatalog.DefaultModel}/predict", TestUploads.Raw(TestImages.Png(8)), abort.Token));

        factory.Classifier.WaitForCancellation = false;
        using var next = await client.GetAsync("/healthz/live", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}
