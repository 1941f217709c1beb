using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.Tests;

public sealed class UploadValidationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string PredictPath = $"/v1/models/{ModelCatalog.DefaultModel}/predict";

    private readonly HttpClient client = factory.CreateClient();

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task NonImageContentTypeIsUnsupportedMediaType(string mediaType)
    {
        using var response = await client.PostAsync(PredictPath, TestUploads.Raw(Encoding.UTF8.GetBytes("{}"), mediaType),
            TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task MissingContentTypeIsUnsupportedMediaType()
    {
        var content = new ByteArrayContent(TestImages.Png(8));

        using var response = await client.PostAsync(PredictPath, content, TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    /// <summary>A gzip body was decoded as if it were the image ("not an image"); a plain body labelled br was accepted.</summary>
    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task AnEncodedBodyIsUnsupportedNamingTheCoding(string coding)
    {
        var content = TestUploads.Raw(TestImages.Png(8));
        content.Headers.ContentEncoding.Add(coding);

        using var response = await client.PostAsync(PredictPath, content, TestContext.Current.CancellationToken);

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Contains($"Content-Encoding '{coding}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnImagePartWithoutAFilenameIsNamedAsSuch()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Png(8)), "image" } };

        using var response = await client.PostAsync(PredictPath, form, TestContext.Current.CancellationToken);

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "empty-body");
        Assert.Contains("The part named 'image' has no filename", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The binder joined repeats with a comma: <c>?model=a&amp;model=b</c> was a 404 for a model named "a,b".</summary>
    [Theory]
    [InlineData("/features?model=a&model=b", "model")]
    [InlineData(PredictPath + "?scores=all&scores=all", "scores")]
    public async Task ARepeatedQueryParameterIsInvalidNamingIt(string path, string name)
    {
        using var response = await client.PostAsync(path, TestUploads.Raw(TestImages.Png(8)), TestContext.Current.CancellationToken);

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.Contains($"Query parameter '{name}' is given 2 times", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyRawBodyIsEmptyBody()
    {
        using var response = await client.PostAsync(PredictPath, TestUploads.Raw([]), TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "empty-body");
    }

    [Fact]
    public async Task MultipartWithoutImagePartsIsEmptyBody()
    {
        using var form = new MultipartFormDataContent { { new StringContent("cat"), "caption" } };

        using var response = await client.PostAsync(PredictPath, form, TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "empty-body");
    }

    [Fact]
    public async Task EmptyFilePartIsEmptyBody()
    {
        using var response = await client.PostAsync(PredictPath, TestUploads.Multipart(TestImages.Png(8), []), TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "empty-body");
    }

    [Fact]
    public async Task MoreImagesThanTheLimitIsTooManyImages()
    {
        var images = Enumerable.Range(1, ApiFactory.MaxImages + 1).Select(i => TestImages.Png(i + 4)).ToArray();

        using var response = await client.PostAsync(PredictPath, TestUploads.Multipart(images), TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "too-many-images");
    }

    [Fact]
    public async Task BodyOverTheLimitIsRequestTooLarge()
    {
        var oversize = new byte[ApiFactory.MaxRequestBytes + 1];

        using var response = await client.PostAsync(PredictPath, TestUploads.Raw(oversize), TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "request-too-large");
    }

    [Fact]
    public async Task MultipartOverTheLimitIsRequestTooLarge()
    {
        using var response = await client.PostAsync(PredictPath, TestUploads.Multipart(new byte[ApiFactory.MaxRequestBytes]),
            TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "request-too-large");
    }

    [Fact]
    public async Task MalformedMultipartIsMalformedBody()
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\nabc"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        using var response = await client.PostAsync(PredictPath, content, TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "malformed-body");
    }

    [Fact]
    public async Task MultipartWithoutBoundaryIsMalformedBody()
    {
        var content = new ByteArrayContent(TestImages.Png(8));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");

        using var response = await client.PostAsync(PredictPath, content, TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "malformed-body");
    }
}
