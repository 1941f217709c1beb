using System.Net;
using ResNeXt.Api.Tests.Fakes;
using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Inference.Model;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.Tests;

public sealed class FeaturesEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task FeaturesDefaultToTheDefaultModelAndNeck()
    {
        using var response = await client.PostAsync("/features", TestUploads.Multipart(TestImages.Png(8), TestImages.Png(9)),
            TestContext.Current.CancellationToken);

        var body = await ApiAssert.SuccessJsonAsync(response);
        Assert.Equal(ModelCatalog.DefaultModel, body.GetProperty("model").GetString());
        Assert.Equal("neck", body.GetProperty("stage").GetString());
        Assert.Equal(FakeImageClassifier.FeatureDim, body.GetProperty("dim").GetInt32());
        Assert.False(body.TryGetProperty("shape", out _));
        Assert.Equal(2, body.GetProperty("features").GetArrayLength());
        Assert.Equal(FakeImageClassifier.FeatureDim, body.GetProperty("features")[0].GetArrayLength());
        Assert.False(factory.Classifier.LastFeatures!.Normalize);
    }

    [Theory]
    [InlineData("neck", FeatureStage.Neck)]
    [InlineData("pre_logits", FeatureStage.PreLogits)]
    [InlineData("backbone", FeatureStage.Backbone)]
    public async Task StageIsPassedToTheEngine(string stage, FeatureStage expected)
    {
        using var response = await client.PostAsync($"/v1/models/resnext101-32x4d/features?stage={stage}&normalize=true",
            TestUploads.Raw(TestImages.Png(8)), TestContext.Current.CancellationToken);

        var body = await ApiAssert.SuccessJsonAsync(response);
        Assert.Equal(stage, body.GetProperty("stage").GetString());
        Assert.Equal("resnext101-32x4d", body.GetProperty("model").GetString());
        Assert.Equal(expected, factory.Classifier.LastFeatures!.Stage);
        Assert.True(factory.Classifier.LastFeatures.Normalize);
    }

    [Fact]
    public async Task BackboneFeaturesCarryTheirShape()
    {
        using var response = await client.PostAsync("/features?stage=backbone&model=resnext152-32x4d", TestUploads.Raw(TestImages.Png(8)),
            TestContext.Current.CancellationToken);

        var body = await ApiAssert.SuccessJsonAsync(response);
        int[] shape = [FakeImageClassifier.FeatureDim, FakeImageClassifier.BackboneSide, FakeImageClassifier.BackboneSide];
        Assert.Equal(shape, body.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(shape.Aggregate((a, b) => a * b), body.GetProperty("features")[0].GetArrayLength());
        Assert.Equal("resnext152-32x4d", body.GetProperty("model").GetString());
    }

    [Theory]
    [InlineData("stage=logits")]
    [InlineData("stage=Neck")]
    [InlineData("normalize=maybe")]
    public async Task BadFeatureParametersAreInvalidParameter(string query)
    {
        using var response = await client.PostAsync($"/features?{query}", TestUploads.Raw(TestImages.Png(8)), TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-parameter");
    }

    /// <summary>A refused parameter on /features named no model, unlike every other /v1 problem; the default model is the one it would have used.</summary>
    [Theory]
    [InlineData("/features?stage=foo", ModelCatalog.DefaultModel)]
    [InlineData("/features?stage=foo&model=resnext152-32x4d", "resnext152-32x4d")]
    [InlineData("/v1/models/resnext101-32x4d/features?stage=foo", "resnext101-32x4d")]
    public async Task ABadStageProblemNamesTheModel(string path, string model)
    {
        using var response = await client.PostAsync(path, TestUploads.Raw(TestImages.Png(8)), TestContext.Current.CancellationToken);

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.Contains("'foo'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(model, problem.GetProperty("model").GetString());
    }

    [Fact]
    public async Task EngineProblemsOnTheDefaultModelNameIt()
    {
        factory.Classifier.Failure = new FakeInferenceException("model-not-downloaded");
        try
        {
            using var response = await client.PostAsync("/features", TestUploads.Raw(TestImages.Png(8)), TestContext.Current.CancellationToken);

            var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "model-not-downloaded");
            Assert.Equal(ModelCatalog.DefaultModel, problem.GetProperty("model").GetString());
        }
        finally
        {
            factory.Classifier.Failure = null;
        }
    }

    [Fact]
    public async Task FeaturesRefuseNonImagesLikePredict()
    {
        using var response = await client.PostAsync("/features", new StringContent("hello"), TestContext.Current.CancellationToken);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }
}
