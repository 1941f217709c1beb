using ResNeXt.Inference.Engine;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Inference.Tests.Pipeline;

namespace ResNeXt.Api.Tests.RealEngine;

/// <summary>Predict, features, model status and the refusals on the onnxruntime backend (the default).</summary>
[Collection(RealEngineCollection.Name)]
public sealed class OnnxRuntimePredictTests(RealEngineFactory factory) : RealEnginePredictTests(factory), IClassFixture<RealEngineFactory>;

/// <summary>The same tests on the torchsharp backend.</summary>
[Collection(RealEngineCollection.Name)]
public sealed class TorchSharpPredictTests(TorchSharpEngineFactory factory) : RealEnginePredictTests(factory), IClassFixture<TorchSharpEngineFactory>;

/// <summary>Predict, features, model status and the refusals, answered by the real engine and checked against PyTorch.</summary>
public abstract class RealEnginePredictTests(RealEngineFactory factory)
{
    /// <summary>float32 softmax over 10 classes sums to 1 within a few ulps.</summary>
    private const double ScoreSumTolerance = 1e-5;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MultipartImagesAreAnsweredInUploadOrderWithPyTorchScores()
    {
        var reference = PipelineReference.Load();
        int[] images = [5, 0, 11, 2, 9];
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(ReferenceUploads.PredictPath(), ReferenceUploads.Multipart(reference, images), Cancellation);

        var body = await ApiAssert.SuccessJsonAsync(response);
        Assert.Equal(RealEngineFactory.Model, body.GetProperty("model").GetString());
        Assert.Equal(factory.Backend.ToName(), body.GetProperty("backend").GetString());
        ReferenceUploads.AssertPredictions(body, reference.Rows(PipelineReference.Tiny, "softmax"), images);
        foreach (var prediction in body.GetProperty("predictions").EnumerateArray())
        {
            Assert.Equal(1.0, ReferenceUploads.Floats(prediction.GetProperty("pred_scores")).Sum(s => (double)s), ScoreSumTolerance);
        }
    }

    [Fact]
    public async Task RawJpegBodyIsAnsweredLikePyTorch()
    {
        var reference = PipelineReference.Load();
        var jpeg = reference.Images.Select((file, index) => (file, index)).First(i => i.file.EndsWith(".jpg", StringComparison.Ordinal)).index;
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(ReferenceUploads.PredictPath(), ReferenceUploads.Raw(reference, jpeg), Cancellation);

        ReferenceUploads.AssertPredictions(await ApiAssert.SuccessJsonAsync(response), reference.Rows(PipelineReference.Tiny, "softmax"), [jpeg]);
    }

    [Theory]
    [InlineData("neck")]
    [InlineData("pre_logits")]
    public async Task PooledFeaturesMatchPyTorchNeck(string stage)
    {
        var reference = PipelineReference.Load();
        int[] images = [3, 8];
        var neck = reference.Rows(PipelineReference.Tiny, "neck");
        using var client = factory.CreateClient();

        using var raw = await client.PostAsync($"/v1/models/tiny/features?stage={stage}", ReferenceUploads.Multipart(reference, images), Cancellation);
        using var normalized = await client.PostAsync($"/features?stage={stage}&normalize=true", ReferenceUploads.Multipart(reference, images), Cancellation);

        var rawBody = await ApiAssert.SuccessJsonAsync(raw);
        var normalizedBody = await ApiAssert.SuccessJsonAsync(normalized);
        Assert.Equal(stage, rawBody.GetProperty("stage").GetString());
        Assert.Equal(PipelineReference.ShapeOf(PipelineReference.Tiny, "neck")[0], rawBody.GetProperty("dim").GetInt32());
        Assert.False(rawBody.TryGetProperty("shape", out _));
        AssertFeatures(rawBody, [.. images.Select(i => neck[i])]);
        AssertFeatures(normalizedBody, [.. images.Select(i => ArrayErrors.L2Normalized(neck[i]))]);
    }

    [Fact]
    public async Task BackboneFeaturesHaveTheMapShapeAndMatchPyTorch()
    {
        var reference = PipelineReference.Load();
        int[] images = [1, 14];
        var backbone = reference.Rows(PipelineReference.Tiny, "backbone");
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/v1/models/tiny/features?stage=backbone", ReferenceUploads.Multipart(reference, images), Cancellation);

        var body = await ApiAssert.SuccessJsonAsync(response);
        var shape = PipelineReference.ShapeOf(PipelineReference.Tiny, "backbone");
        Assert.Equal(shape, body.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(shape[0], body.GetProperty("dim").GetInt32());
        AssertFeatures(body, [.. images.Select(i => backbone[i])]);
    }

    [Fact]
    public async Task ModelListShowsTinyReadyWithItsChecksumAndParameterCount()
    {
        var reference = PipelineReference.Load();
        using var client = factory.CreateClient();
        using var warmUp = await client.PostAsync(ReferenceUploads.PredictPath(), ReferenceUploads.Multipart(reference, [0]), Cancellation);
        await ApiAssert.SuccessJsonAsync(warmUp);

        using var list = await client.GetAsync("/v1/models", Cancellation);

        var body = await ApiAssert.SuccessJsonAsync(list);
        Assert.Equal(RealEngineFactory.Model, body.GetProperty("default_model").GetString());
        var tiny = body.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == RealEngineFactory.Model);
        Assert.Equal("ready", tiny.GetProperty("state").GetString());
        Assert.Equal(factory.Backend.ToName(), tiny.GetProperty("backend").GetString());
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(factory.CheckpointPath)));
        Assert.Equal(sha256, tiny.GetProperty("checkpoint").GetProperty("sha256").GetString());
        Assert.Equal(ReferenceParameterCount(), tiny.GetProperty("parameters").GetInt64());
        Assert.Equal(JsonValueKind.Null, tiny.GetProperty("published").ValueKind);
        Assert.Equal(RealEngineFactory.MaxBatchSize, tiny.GetProperty("batching").GetProperty("max_batch_size").GetInt32());
    }

    [Fact]
    public async Task CatalogueModelWithoutCheckpointIs503WithTheDownloadHint()
    {
        var reference = PipelineReference.Load();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(ReferenceUploads.PredictPath(PipelineReference.CatalogueModel),
            ReferenceUploads.Raw(reference, 0), Cancellation);

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "model-not-downloaded");
        Assert.Contains($"resnext download {PipelineReference.CatalogueModel}", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task UnknownModelIs404()
    {
        var reference = PipelineReference.Load();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(ReferenceUploads.PredictPath("tiny_v9"), ReferenceUploads.Raw(reference, 0), Cancellation);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound, "model-not-found");
    }

    [Fact]
    public async Task BytesThatAreNoImageAre400()
    {
        PipelineReference.Load();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(ReferenceUploads.PredictPath(), ReferenceUploads.Raw("not an image at all"u8.ToArray(), "x.png"),
            Cancellation);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-image");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task TruncatedImageIs400AndSaysSo(int index)
    {
        var reference = PipelineReference.Load();
        var bytes = reference.ImageBytes(index);
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(ReferenceUploads.PredictPath(), ReferenceUploads.Raw(bytes[..(bytes.Length / 2)], reference.Images[index]),
            Cancellation);

        // The engine reports truncation as invalid-image with the reason in the detail (EncodedImageIntegrity).
        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-image");
        Assert.Contains("truncated", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task DeadlineShorterThanTheWorkIs504()
    {
        var reference = PipelineReference.Load();
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, ReferenceUploads.PredictPath())
        {
            // The biggest image: decoding and resizing it alone takes longer than the 1 ms deadline.
            Content = ReferenceUploads.Multipart(reference, [6, 10, 2]),
        };
        request.Headers.Add("X-Request-Timeout", "0.001");

        using var response = await client.SendAsync(request, Cancellation);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.GatewayTimeout, "deadline-exceeded");
    }

    private static void AssertFeatures(JsonElement body, float[][] expected)
    {
        var features = body.GetProperty("features").EnumerateArray().Select(ReferenceUploads.Floats).ToList();
        Assert.Equal(expected.Length, features.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var error = ArrayErrors.RelativeL2(expected[i], features[i]);
            Assert.True(error <= ReferenceUploads.FeatureRelativeL2Error, $"image {i}: relative L2 error {error}");
        }
    }

    private static long ReferenceParameterCount()
    {
        using var spec = JsonDocument.Parse(File.ReadAllText(Inference.Tests.Reference.ReferenceData.Require("models", PipelineReference.Tiny, "spec.json")));
        return spec.RootElement.GetProperty("parameters").GetInt64();
    }
}
