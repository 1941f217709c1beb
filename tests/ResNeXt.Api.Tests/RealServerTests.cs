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

    /// <summary>
    /// Half a body, then nothing: Kestrel's rate rule alone held such a request for (bytes sent / 240) seconds (313 s after
    /// 75 kB). The upload may take at most Limits:MaxRequestTimeout, here a second, then it is a 408 in each protocol's shape.
    /// </summary>
    [Theory]
    [InlineData("/v1/models/resnext50-32x4d/predict", "image/png")]
    [InlineData("/v2/models/resnext50-32x4d/infer", "application/json")]
    public async Task ABodyThatStallsIsRefusedAfterTheUploadDeadline(string path, string contentType)
    {
        await using var slow = new KestrelApiFactory
        {
            Settings = new Dictionary<string, string?> { ["Limits:MaxRequestTimeout"] = "00:00:01", ["Batching:DefaultTimeout"] = "00:00:01" },
        };
        await slow.InitializeAsync();
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync(slow.Address.Host, slow.Address.Port, TestContext.Current.CancellationToken);
        const int declared = 40_000;
        var head = $"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {contentType}\r\nContent-Length: {declared}\r\n\r\n";
        await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(head), TestContext.Current.CancellationToken);
        await socket.SendAsync(new byte[declared / 2], TestContext.Current.CancellationToken);

        using var reader = new StreamReader(new System.Net.Sockets.NetworkStream(socket, ownsSocket: false));
        using var answered = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        answered.CancelAfter(TimeSpan.FromSeconds(30));
        var response = await reader.ReadToEndAsync(answered.Token);

        Assert.StartsWith("HTTP/1.1 408", response, StringComparison.Ordinal);
        Assert.Contains("did not arrive within Limits:MaxRequestTimeout (00:00:01)", response, StringComparison.Ordinal);
    }
}
