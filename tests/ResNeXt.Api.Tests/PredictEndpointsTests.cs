using System.Net;
using ResNeXt.Api.Tests.Fakes;
using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.Tests;

public sealed class PredictEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string PredictPath = $"/v1/models/{ModelCatalog.DefaultModel}/predict";

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task MultipartWithSeveralImagesAnswersInUploadOrder()
    {
        byte[][] images = [TestImages.Png(9), TestImages.Png(31), TestImages.Png(17)];

        using var response = await client.PostAsync(PredictPath, TestUploads.Multipart(images), TestContext.Current.CancellationToken);

        var body = await ApiAssert.SuccessJsonAsync(response);
        var labels = body.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("pred_label").GetInt32());
        Assert.Equal(images.Select(i => FakeImageClassifier.LabelOf(i.Length)), labels);
    }

    [Fact]
    public async Task PredictionsUseMmpretrainFieldNames()
    {
        using var response = await client.PostAsync(PredictPath, TestUploads.Multipart(TestImages.Png(12)), TestContext.Current.CancellationToken);

        var body = await ApiAssert.SuccessJsonAsync(response);
        Assert.Equal(ModelCatalog.DefaultModel, body.GetProperty("model").GetString());
        Assert.Equal(ModelCatalog.Get(ModelCatalog.DefaultModel).CheckpointFileName, body.GetProperty("checkpoint").GetProperty("file").GetString());
        Assert.Equal(64, body.GetProperty("checkpoint").GetProperty("sha256").GetString()!.Length);
        var prediction = body.GetProperty("predictions")[0];
        var label = prediction.GetProperty("pred_label").GetInt32();
        Assert.Equal(ImageNetCategories.All[label], prediction.GetProperty("pred_class").GetString());
        Assert.True(prediction.GetProperty("pred_score").GetSingle() > 0);
        var top = prediction.GetProperty("topk");
        Assert.Equal(5, top.GetArrayLength());
        Assert.Equal(label, top[0].GetProperty("label").GetInt32());
        Assert.Equal(ImageNetCategories.All[label], top[0].GetProperty("class").GetString());
        Assert.False(prediction.TryGetProperty("pred_scores", out _));
        Assert.False(body.TryGetProperty("warning", out _));
    }

    [Fact]
    public async Task ImagesFieldIsAcceptedLikeImage()
    {
        using var response = await client.PostAsync(PredictPath, TestUploads.Multipart("images", TestImages.Png(5), TestImages.Png(6)),
            TestContext.Current.CancellationToken);

        var body = await ApiAssert.SuccessJsonAsync(response);
        Assert.Equal(2, body.GetProperty("predictions").GetArrayLength());
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("image/jpeg")]
    [InlineData("application/octet-stream")]
    public async Task RawBodyIsOneImage(string mediaType)
    {
        var image = TestImages.Png(23);

        using var response = await client.PostAsync(PredictPath, TestUploads.Raw(image, mediaType), TestContext.Current.CancellationToken);

        var body = await ApiAssert.SuccessJsonAsync(response);
        Assert.Equal(FakeImageClassifier.LabelOf(image.Length), body.GetProperty("predictions")[0].GetProperty("pred_label").GetInt32());
    }

    [Fact]
    public async Task ScoresAllAddsTheFullSoftmaxVector()
    {
        using var response = await client.PostAsync($"{PredictPath}?scores=all", TestUploads.Raw(TestImages.Png(8)), TestContext.Current.CancellationToken);

        var body = await ApiAssert.SuccessJsonAsync(response);
        Assert.Equal(FakeImageClassifier.ClassCount, body.GetProperty("predictions")[0].GetProperty("pred_scores").GetArrayLength());
        Assert.True(factory.Classifier.LastClassification!.IncludeAllScores);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public async Task TopKAtTheBoundsIsHonoured(int topK)
    {
        using var response = await client.PostAsync($"{PredictPath}?topk={topK}", TestUploads.Raw(TestImages.Png(8)), TestContext.Current.CancellationToken);

        var body = await ApiAssert.SuccessJsonAsync(response);
        Assert.Equal(topK, body.GetProperty("predictions")[0].GetProperty("topk").GetArrayLength());
    }

    [Theory]
    [InlineData("topk=0")]
    [InlineData("topk=1001")]
    [InlineData("topk=-3")]
    [InlineData("topk=abc")]
    [InlineData("scores=some")]
    public async Task BadQueryValuesAreInvalidParameterProblems(string query)
    {
        using var response = await client.PostAsync($"{PredictPath}?{query}", TestUploads.Raw(TestImages.Png(8)), TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-parameter");
    }

    [Theory]
    [InlineData("2.5", 2500)]
    [InlineData("00:00:03", 3000)]
    public async Task RequestTimeoutHeaderBecomesTheDeadline(string header, int expectedMilliseconds)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, PredictPath) { Content = TestUploads.Raw(TestImages.Png(8)) };
        request.Headers.Add("X-Request-Timeout", header);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await ApiAssert.SuccessJsonAsync(response);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), factory.Classifier.LastClassification!.Timeout);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("3600000")]
    public async Task BadRequestTimeoutHeaderIsInvalidParameter(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, PredictPath) { Content = TestUploads.Raw(TestImages.Png(8)) };
        request.Headers.Add("X-Request-Timeout", header);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-parameter");
    }
}
