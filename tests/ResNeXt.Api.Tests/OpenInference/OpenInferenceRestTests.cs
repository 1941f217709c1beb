using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Api.Tests.RealEngine;
using ResNeXt.Inference.Tests.Pipeline;
using ResNeXt.Inference.Tests.Preprocessing;

namespace ResNeXt.Api.Tests.OpenInference;

/// <summary>The Open Inference Protocol over REST against the real engine, checked against PyTorch's numbers and /v1's answers.</summary>
[Collection(RealEngineCollection.Name)]
public sealed class OpenInferenceRestTests(RealEngineFactory factory) : IClassFixture<RealEngineFactory>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HealthServerAndModelMetadataDescribeTheTensors()
    {
        var reference = PipelineReference.Load();
        using var client = factory.CreateClient();

        using var live = await client.GetAsync("/v2/health/live", Cancellation);
        using var server = await client.GetAsync("/v2", Cancellation);
        var serverBody = await ApiAssert.SuccessJsonAsync(server);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Contains("binary_tensor_data", serverBody.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("classification", serverBody.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
        Assert.False(string.IsNullOrEmpty(serverBody.GetProperty("version").GetString()));

        // Loaded by a first inference: the version is then the checkpoint's SHA-256 prefix.
        using var warmUp = await client.PostAsync(V2Requests.InferPath(), V2Requests.Json(V2Requests.Request(V2Requests.ImageInput([reference.ImageBytes(0)]))), Cancellation);
        await ApiAssert.SuccessJsonAsync(warmUp);
        var version = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(factory.CheckpointPath)))[..8];

        using var metadata = await client.GetAsync("/v2/models/tiny", Cancellation);
        var body = await ApiAssert.SuccessJsonAsync(metadata);
        Assert.Equal([version], body.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        var classes = PipelineReference.ShapeOf(PipelineReference.Tiny, "softmax")[0];
        var neck = PipelineReference.ShapeOf(PipelineReference.Tiny, "neck")[0];
        AssertTensor(body.GetProperty("inputs"), "image", "BYTES", [-1]);
        AssertTensor(body.GetProperty("inputs"), "input", "FP32", [-1, 3, 224, 224]);
        AssertTensor(body.GetProperty("outputs"), "probabilities", "FP32", [-1, classes]);
        AssertTensor(body.GetProperty("outputs"), "logits", "FP32", [-1, classes]);
        AssertTensor(body.GetProperty("outputs"), "features", "FP32", [-1, neck]);

        using var versioned = await client.GetAsync($"/v2/models/tiny/versions/{version}/ready", Cancellation);
        using var otherVersion = await client.GetAsync("/v2/models/tiny/versions/00000000/ready", Cancellation);
        using var otherMetadata = await client.GetAsync("/v2/models/tiny/versions/00000000", Cancellation);
        using var unknown = await client.GetAsync("/v2/models/no-such-model", Cancellation);
        using var catalogue = await client.GetAsync("/v2/models/resnext50-32x4d/ready", Cancellation);
        Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, otherVersion.StatusCode);
        Assert.Contains("00000000", await V2Requests.ErrorAsync(otherMetadata, HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Contains("no-such-model", await V2Requests.ErrorAsync(unknown, HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, catalogue.StatusCode);
    }

    [Fact]
    public async Task JsonBase64ImagesGetPyTorchsSoftmaxLogitsAndFeatures()
    {
        var reference = PipelineReference.Load();
        int[] images = [5, 0, 11];
        using var client = factory.CreateClient();
        var request = V2Requests.Request(V2Requests.ImageInput(images.Select(reference.ImageBytes)),
            V2Requests.Output("probabilities"), V2Requests.Output("logits"), V2Requests.Output("features"));
        request["id"] = "request-42";

        using var response = await client.PostAsync(V2Requests.InferPath(), V2Requests.Json(request), Cancellation);

        var body = await ApiAssert.SuccessJsonAsync(response);
        Assert.Equal("request-42", body.GetProperty("id").GetString());
        Assert.Equal("tiny", body.GetProperty("model_name").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(factory.CheckpointPath)))[..8], body.GetProperty("model_version").GetString());
        AssertOutputs(body, reference, images);
    }

    [Fact]
    public async Task WithoutOutputsTheDefaultSetIsProbabilitiesAndLogitsAndNestedDataWithoutContentTypeIsBase64()
    {
        var reference = PipelineReference.Load();
        int[] images = [2, 9];
        using var client = factory.CreateClient();
        var input = V2Requests.ImageInput(images.Select(reference.ImageBytes), base64ContentType: false);
        input["shape"] = new JsonArray(2, 1);
        input["data"] = new JsonArray([.. images.Select(i => new JsonArray(Convert.ToBase64String(reference.ImageBytes(i))))]);

        using var response = await client.PostAsync(V2Requests.InferPath(), V2Requests.Json(V2Requests.Request(input)), Cancellation);

        var body = await ApiAssert.SuccessJsonAsync(response);
        Assert.Equal(["probabilities", "logits"], body.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.False(body.TryGetProperty("id", out _));
        var probabilities = V2Requests.OutputNamed(body, "probabilities");
        Assert.Equal([2L, PipelineReference.ShapeOf(PipelineReference.Tiny, "softmax")[0]], V2Requests.Shape(probabilities));
        V2Requests.AssertRows(reference.Rows(PipelineReference.Tiny, "softmax"), images, V2Requests.Rows(V2Requests.Data(probabilities), 2), relative: false);
    }

    [Fact]
    public async Task BinaryExtensionWorksBothWays()
    {
        var reference = PipelineReference.Load();
        int[] images = [3, 14, 7];
        using var client = factory.CreateClient();
        var raw = V2Requests.LengthPrefixed(images.Select(reference.ImageBytes));
        var input = new JsonObject
        {
            ["name"] = "image", ["datatype"] = "BYTES", ["shape"] = new JsonArray(images.Length),
            ["parameters"] = new JsonObject { ["binary_data_size"] = raw.Length },
        };
        var header = V2Requests.Request(input, V2Requests.Output("probabilities", binary: true), V2Requests.Output("features"),
            V2Requests.Output("logits", classification: 2, binary: true));

        using var response = await client.PostAsync(V2Requests.InferPath(), V2Requests.Binary(header, raw), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(Cancellation);
        var jsonLength = int.Parse(response.Headers.GetValues(V2Requests.HeaderLength).Single(), System.Globalization.CultureInfo.InvariantCulture);
        var body = JsonDocument.Parse(bytes.AsMemory(0, jsonLength)).RootElement;
        var probabilities = V2Requests.OutputNamed(body, "probabilities");
        var logits = V2Requests.OutputNamed(body, "logits");
        Assert.False(probabilities.TryGetProperty("data", out _));
        var probabilitiesSize = probabilities.GetProperty("parameters").GetProperty("binary_data_size").GetInt32();
        var logitsSize = logits.GetProperty("parameters").GetProperty("binary_data_size").GetInt32();
        Assert.Equal(bytes.Length, jsonLength + probabilitiesSize + logitsSize);
        var softmax = reference.Rows(PipelineReference.Tiny, "softmax");
        V2Requests.AssertRows(softmax, images, V2Requests.Rows(V2Requests.Floats(bytes.AsSpan(jsonLength, probabilitiesSize)), images.Length), relative: false);
        V2Requests.AssertRows(reference.Rows(PipelineReference.Tiny, "neck"), images,
            V2Requests.Rows(V2Requests.Data(V2Requests.OutputNamed(body, "features")), images.Length), relative: true);

        // The classification strings in binary: 4-byte little-endian length, then "score:index:label".
        var strings = ReadLengthPrefixed(bytes.AsSpan(jsonLength + probabilitiesSize, logitsSize));
        Assert.Equal([images.Length, 2L], V2Requests.Shape(logits));
        Assert.Equal(images.SelectMany(i => ArrayErrors.TopLabels(softmax[i], 2)), strings.Select(s => int.Parse(s.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task ClassificationAnswersTopKStringsLikeV1sTopK()
    {
        var reference = PipelineReference.Load();
        int[] images = [1, 12];
        using var client = factory.CreateClient();
        var request = V2Requests.Request(V2Requests.ImageInput(images.Select(reference.ImageBytes)), V2Requests.Output("probabilities", classification: 3));

        using var v2 = await client.PostAsync(V2Requests.InferPath(), V2Requests.Json(request), Cancellation);
        using var v1 = await client.PostAsync(ReferenceUploads.PredictPath(), ReferenceUploads.Multipart(reference, images), Cancellation);

        var output = V2Requests.OutputNamed(await ApiAssert.SuccessJsonAsync(v2), "probabilities");
        var predictions = (await ApiAssert.SuccessJsonAsync(v1)).GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal("BYTES", output.GetProperty("datatype").GetString());
        Assert.Equal([2L, 3L], V2Requests.Shape(output));
        var strings = output.GetProperty("data").EnumerateArray().Select(s => s.GetString()!).ToList();
        var softmax = reference.Rows(PipelineReference.Tiny, "softmax");
        for (var i = 0; i < images.Length; i++)
        {
            var topk = predictions[i].GetProperty("topk").EnumerateArray().Take(3).ToList();
            for (var k = 0; k < 3; k++)
            {
                var parts = strings[(i * 3) + k].Split(':', 3);
                var index = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(ArrayErrors.TopLabels(softmax[images[i]], 3)[k], index);
                Assert.Equal(topk[k].GetProperty("label").GetInt32(), index);
                Assert.Equal(topk[k].GetProperty("class").GetString(), parts[2]);
                Assert.Equal(softmax[images[i]][index], float.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), RealEngine.ReferenceUploads.ScoresMaxAbsError);
            }
        }
    }

    /// <summary>
    /// PyTorch's own preprocessed tensor (the reference pipeline's) sent as FP32, in JSON and in binary, is answered
    /// like the encoded image it came from, through /v2 and through /v1.
    /// </summary>
    [Fact]
    public async Task Fp32PreprocessedTensorsAreAnsweredLikeTheEncodedImage()
    {
        PipelineReference.Load();
        var preprocessing = PreprocessingReference.Load();
        var image = preprocessing.Images.First(i => i.File == "rgb_500x375.png");
        var tensor = PreprocessingReference.Array(image.Input).AsFloat32();
        var encoded = PreprocessingReference.Bytes(image.File);
        using var client = factory.CreateClient();
        var jsonRequest = V2Requests.Request(V2Requests.FloatInput([.. tensor, .. tensor], 2), V2Requests.Output("probabilities"));
        var binaryInput = new JsonObject
        {
            ["name"] = "input", ["datatype"] = "FP32", ["shape"] = new JsonArray(1, 3, 224, 224),
            ["parameters"] = new JsonObject { ["binary_data_size"] = tensor.Length * 4 },
        };

        using var json = await client.PostAsync(V2Requests.InferPath(), V2Requests.Json(jsonRequest), Cancellation);
        using var binary = await client.PostAsync(V2Requests.InferPath(),
            V2Requests.Binary(V2Requests.Request(binaryInput, V2Requests.Output("probabilities")), V2Requests.LittleEndian(tensor)), Cancellation);
        using var bytes = await client.PostAsync(V2Requests.InferPath(),
            V2Requests.Json(V2Requests.Request(V2Requests.ImageInput([encoded]), V2Requests.Output("probabilities"))), Cancellation);
        using var v1 = await client.PostAsync(ReferenceUploads.PredictPath(), ReferenceUploads.Raw(encoded, image.File), Cancellation);

        var fromBytes = V2Requests.Data(V2Requests.OutputNamed(await ApiAssert.SuccessJsonAsync(bytes), "probabilities"));
        var fromV1 = ReferenceUploads.Floats((await ApiAssert.SuccessJsonAsync(v1)).GetProperty("predictions")[0].GetProperty("pred_scores"));
        var fromJson = V2Requests.Rows(V2Requests.Data(V2Requests.OutputNamed(await ApiAssert.SuccessJsonAsync(json), "probabilities")), 2);
        var fromBinary = V2Requests.Data(V2Requests.OutputNamed(await ApiAssert.SuccessJsonAsync(binary), "probabilities"));
        Assert.True(ArrayErrors.MaxAbs(fromV1, fromBytes) <= ReferenceUploads.ScoresMaxAbsError);
        foreach (var row in (float[][])[fromJson[0], fromJson[1], fromBinary])
        {
            Assert.True(ArrayErrors.MaxAbs(fromV1, row) <= ReferenceUploads.ScoresMaxAbsError, $"max abs error {ArrayErrors.MaxAbs(fromV1, row)}");
        }
    }

    private static List<string> ReadLengthPrefixed(ReadOnlySpan<byte> raw)
    {
        var strings = new List<string>();
        while (!raw.IsEmpty)
        {
            var length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(raw);
            strings.Add(Encoding.UTF8.GetString(raw.Slice(4, length)));
            raw = raw[(4 + length)..];
        }
        return strings;
    }

    private static void AssertOutputs(JsonElement body, PipelineReference reference, int[] images)
    {
        V2Requests.AssertRows(reference.Rows(PipelineReference.Tiny, "softmax"), images,
            V2Requests.Rows(V2Requests.Data(V2Requests.OutputNamed(body, "probabilities")), images.Length), relative: false);
        V2Requests.AssertRows(reference.Rows(PipelineReference.Tiny, "logits"), images,
            V2Requests.Rows(V2Requests.Data(V2Requests.OutputNamed(body, "logits")), images.Length), relative: true);
        V2Requests.AssertRows(reference.Rows(PipelineReference.Tiny, "neck"), images,
            V2Requests.Rows(V2Requests.Data(V2Requests.OutputNamed(body, "features")), images.Length), relative: true);
    }

    private static void AssertTensor(JsonElement tensors, string name, string datatype, long[] shape)
    {
        var tensor = tensors.EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);
        Assert.Equal(datatype, tensor.GetProperty("datatype").GetString());
        Assert.Equal(shape, V2Requests.Shape(tensor));
    }
}
