using System.Net;
using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.Tests;

/// <summary>The API over a real socket: Kestrel, its limits and a plain HttpClient, with no test-server shortcuts.</summary>
public sealed class RealServerTests(KestrelApiFactory factory) : IClassFixture<KestrelApiFactory>
{
    [Fact]
    public async Task KestrelServesAPredictionOnLoopback()
    {
        using var client = new HttpClient { BaseAddress = factory.Address };

        using var response = await client.PostAsync($"/v1/models/{ModelCatalog.DefaultModel}/predict", TestUploads.Multipart(TestImages.Png(10)),
            TestContext.Current.CancellationToken);

        var body = await ApiAssert.SuccessJsonAsync(response);
        Assert.Equal(1, body.GetProperty("predictions").GetArrayLength());
        Assert.Equal(IPAddress.Loopback.ToString(), factory.Address.Host);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ARawBodyWithOrWithoutADeclaredLengthIsTheWholeImage(bool chunked)
    {
        using var client = new HttpClient { BaseAddress = factory.Address };
        var image = TestImages.Png(10);
        var content = new StreamContent(new MemoryStream(image));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        if (!chunked) content.Headers.ContentLength = image.Length;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/{ModelCatalog.DefaultModel}/predict") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        var body = await ApiAssert.SuccessJsonAsync(response);
        Assert.Equal(1, body.GetProperty("predictions").GetArrayLength());
    }

    [Fact]
    public async Task KestrelRefusesAChunkedBodyOverTheLimit()
    {
        using var client = new HttpClient { BaseAddress = factory.Address };
        var content = new StreamContent(new MemoryStream(new byte[ApiFactory.MaxRequestBytes * 2]));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/{ModelCatalog.DefaultModel}/predict") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "request-too-large");
    }
}
