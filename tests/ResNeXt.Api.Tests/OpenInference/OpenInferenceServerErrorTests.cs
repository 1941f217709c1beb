using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Api.Tests.OpenInference;

/// <summary>
/// What /v2 answers when no /v2 handler produced the error: ASP.NET Core's own refusals before any handler runs, and a
/// bug inside one. Both used to be /v1's problem+json; the protocol's clients read <c>{"error"}</c>.
/// </summary>
public sealed class OpenInferenceServerErrorTests : IAsyncLifetime
{
    private const string Secret = "internal detail a client must not see";

    private readonly ApiFactory factory = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheFrameworksRefusalsUnderV2UseTheV2BodyAndNameWhatWasRefused()
    {
        using var client = factory.CreateClient();
        using var text = new StringContent("{}", System.Text.Encoding.UTF8, "text/plain");

        using var wrongType = await client.PostAsync(V2Requests.InferPath(), text, Cancellation);
        using var wrongMethod = await client.GetAsync(V2Requests.InferPath(), Cancellation);
        using var noRoute = await client.PostAsync("/v2/repository/index", content: null, Cancellation);
        using var v1 = await client.GetAsync("/v1/no-such-route", Cancellation);
        var gzip = V2Requests.Json(V2Requests.Request(V2Requests.ImageInput([TestImages.Png(8)])));
        gzip.Headers.ContentEncoding.Add("gzip");
        using var encoded = await client.PostAsync(V2Requests.InferPath(Inference.Registry.ModelCatalog.DefaultModel), gzip, Cancellation);

        Assert.Contains("'text/plain", await V2Requests.ErrorAsync(wrongType, HttpStatusCode.UnsupportedMediaType), StringComparison.Ordinal);
        Assert.Contains("takes POST", await V2Requests.ErrorAsync(wrongMethod, HttpStatusCode.MethodNotAllowed), StringComparison.Ordinal);
        Assert.Contains("POST /v2/repository/index", await V2Requests.ErrorAsync(noRoute, HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Contains("Content-Encoding 'gzip'", await V2Requests.ErrorAsync(encoded, HttpStatusCode.UnsupportedMediaType), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, v1.StatusCode);
        Assert.Equal("application/problem+json", v1.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ABugInAV2HandlerIsA500WithTheV2BodyAndNoInternals()
    {
        await using var failing = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<ITensorClassifier>();
            services.AddSingleton<ITensorClassifier>(new FailingTensorClassifier());
        }));
        using var client = failing.CreateClient();

        using var response = await client.PostAsync(V2Requests.InferPath(Inference.Registry.ModelCatalog.DefaultModel),
            V2Requests.Json(V2Requests.Request(V2Requests.ImageInput([TestImages.Png(8)]))), Cancellation);

        var error = await V2Requests.ErrorAsync(response, HttpStatusCode.InternalServerError);
        Assert.Contains("trace id", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error, StringComparison.Ordinal);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private sealed class FailingTensorClassifier : ITensorClassifier
    {
        public Task<TensorResult> InferAsync(TensorRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);

        public LoadedModelInfo? DescribeLoaded(string model) => null;
    }
}
