using System.Net;
using System.Text.Json;
using ResNeXt.Api.Tests.Infrastructure;

namespace ResNeXt.Api.Tests;

public sealed class OpenApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task PredictOperationDescribesAMultipartBinaryUpload()
    {
        var document = await ReadDocumentAsync();

        var predict = document.GetProperty("paths").GetProperty("/v1/models/{model}/predict").GetProperty("post");
        Assert.Equal("Predict", predict.GetProperty("operationId").GetString());
        var form = predict.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        Assert.Equal("binary", form.GetProperty("properties").GetProperty("image").GetProperty("format").GetString());
        Assert.Equal("binary", form.GetProperty("properties").GetProperty("images").GetProperty("items").GetProperty("format").GetString());
        Assert.True(predict.GetProperty("requestBody").GetProperty("content").TryGetProperty("image/jpeg", out _));
        var parameters = predict.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("topk", parameters);
        Assert.Contains("scores", parameters);
        Assert.Contains("X-Request-Timeout", parameters);
    }

    [Theory]
    [InlineData("/v1/models/{model}/predict", "post", "200")]
    [InlineData("/v1/models/{model}/predict", "post", "413")]
    [InlineData("/v1/models/{model}/predict", "post", "415")]
    [InlineData("/v1/models/{model}/predict", "post", "429")]
    [InlineData("/v1/models/{model}/predict", "post", "504")]
    [InlineData("/features", "post", "200")]
    [InlineData("/v1/models/{model}/features", "post", "200")]
    [InlineData("/v1/models", "get", "200")]
    [InlineData("/v1/models/{model}", "get", "404")]
    [InlineData("/v1/models/{model}/load", "post", "401")]
    [InlineData("/v1/models/{model}/unload", "post", "200")]
    public async Task EveryOperationDeclaresItsResponses(string path, string method, string status)
    {
        var document = await ReadDocumentAsync();

        var responses = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");

        Assert.True(responses.TryGetProperty(status, out _), $"{method} {path} does not declare {status}.");
    }

    [Theory]
    [InlineData("PredictResponse", "predictions")]
    [InlineData("FeaturesResponse", "features")]
    [InlineData("ModelResponse", "state")]
    [InlineData("ModelListResponse", "models")]
    [InlineData("ProblemDetails", "type")]
    public async Task ContractSchemasCarrySnakeCaseExamples(string schema, string property)
    {
        var document = await ReadDocumentAsync();

        var component = document.GetProperty("components").GetProperty("schemas").GetProperty(schema);

        Assert.True(component.GetProperty("properties").TryGetProperty(property, out _));
        Assert.True(component.GetProperty("examples")[0].TryGetProperty(property, out _));
    }

    [Fact]
    public async Task SwaggerUiIsServed()
    {
        using var response = await client.GetAsync("/swagger/index.html", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task DemoPageIsServedAtTheRoot()
    {
        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<JsonElement> ReadDocumentAsync()
    {
        using var response = await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        return await ApiAssert.SuccessJsonAsync(response);
    }
}
