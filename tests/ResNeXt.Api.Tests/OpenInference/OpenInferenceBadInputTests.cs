using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Api.Tests.RealEngine;
using ResNeXt.Inference.Telemetry;
using ResNeXt.Inference.Tests.Pipeline;

namespace ResNeXt.Api.Tests.OpenInference;

/// <summary>Every malformed V2 request is a 400 with {"error"} naming the field, never a 500; the service answers afterwards.</summary>
[Collection(RealEngineCollection.Name)]
public sealed class OpenInferenceBadInputTests(RealEngineFactory factory) : IClassFixture<RealEngineFactory>
{
    private const int MaxImagesPerRequest = 32;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Cases => new()
    {
        { "unknown-input", "'pixels'" },
        { "unknown-output", "'scores'" },
        { "wrong-datatype", "'image' has datatype 'FP32'" },
        { "shape-disagrees-with-data", "has shape [3]" },
        { "wrong-image-shape", "[1, 3, 256, 256]" },
        { "invalid-base64", "not valid base64" },
        { "other-content-type", "content_type 'str'" },
        { "header-length-beyond-body", "Inference-Header-Content-Length" },
        { "binary-size-beyond-body", "binary_data_size of input 'image'" },
        { "nan-in-fp32", "NaN" },
        { "infinity-in-fp32", "Infinity" },
        { "too-many-images", "Limits:MaxImagesPerRequest" },
        { "two-inputs", "exactly one" },
        { "classification-on-features", "classification" },
        { "malformed-json", "malformed" },
        { "fp32-strings", "FP32 data holds numbers" },
        { "not-an-image", "image" },
        { "bad-timeout", "X-Request-Timeout" },
        // Each of these was a 500: a JSON value of the wrong kind where an integer goes, or a string no .NET string holds.
        { "string-in-shape", "must hold integers" },
        { "null-in-shape", "must hold integers" },
        { "string-classification", "must be an integer" },
        { "null-binary-size", "binary_data_size of input 'image' must be a non-negative integer" },
        { "invalid-utf8", "not valid UTF-8" },
        { "unpaired-surrogate-name", "unpaired UTF-16 surrogate" },
        { "unpaired-surrogate-data", "unpaired UTF-16 surrogate" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInputIs400NamingTheFieldAndTheServiceAnswersAfterwards(string name, string mentions)
    {
        var reference = PipelineReference.Load();
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, V2Requests.InferPath()) { Content = Build(name, reference) };
        if (name == "bad-timeout") request.Headers.Add("X-Request-Timeout", "soon");

        using var response = await client.SendAsync(request, Cancellation);

        var error = await V2Requests.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(mentions, error, StringComparison.Ordinal);
        using var good = await client.PostAsync(V2Requests.InferPath(), V2Requests.Json(V2Requests.Request(V2Requests.ImageInput([reference.ImageBytes(0)]))), Cancellation);
        await ApiAssert.SuccessJsonAsync(good);
        Assert.Empty(factory.Errors.Entries);
    }

    [Fact]
    public async Task UnknownModelAndVersionAre404()
    {
        var reference = PipelineReference.Load();
        using var client = factory.CreateClient();
        var body = V2Requests.Request(V2Requests.ImageInput([reference.ImageBytes(0)]));

        using var model = await client.PostAsync(V2Requests.InferPath("no-such-model"), V2Requests.Json(body), Cancellation);
        using var version = await client.PostAsync("/v2/models/tiny/versions/ffffffff/infer", V2Requests.Json(body), Cancellation);

        Assert.Contains("no-such-model", await V2Requests.ErrorAsync(model, HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Contains("ffffffff", await V2Requests.ErrorAsync(version, HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyOverTheByteLimitIs413()
    {
        PipelineReference.Load();
        using var client = factory.CreateClient();
        var content = new ByteArrayContent(new byte[(20 * 1024 * 1024) + 1]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");

        using var response = await client.PostAsync(V2Requests.InferPath(), content, Cancellation);

        Assert.Contains("Limits:MaxRequestBytes", await V2Requests.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadlineIs504AndCatalogueModelWithoutCheckpointIs503()
    {
        var reference = PipelineReference.Load();
        using var client = factory.CreateClient();
        var body = V2Requests.Request(V2Requests.ImageInput([reference.ImageBytes(0)]));
        using var expired = new HttpRequestMessage(HttpMethod.Post, V2Requests.InferPath()) { Content = V2Requests.Json(body) };
        expired.Headers.Add("X-Request-Timeout", "0.000001");

        using var deadline = await client.SendAsync(expired, Cancellation);
        using var notDownloaded = await client.PostAsync(V2Requests.InferPath(PipelineReference.CatalogueModel), V2Requests.Json(body), Cancellation);

        await V2Requests.ErrorAsync(deadline, HttpStatusCode.GatewayTimeout);
        await V2Requests.ErrorAsync(notDownloaded, HttpStatusCode.ServiceUnavailable);
    }

    /// <summary>
    /// /v1 and /v2 requests sent together meet in the model's batches: some forward pass links request spans of both.
    /// Each request carries its own W3C trace id, so the batch span's links tell the protocols apart.
    /// </summary>
    [Fact]
    public async Task V1AndV2RequestsShareBatches()
    {
        var reference = PipelineReference.Load();
        var v2Traces = new ConcurrentDictionary<ActivityTraceId, bool>();
        var v1Traces = new ConcurrentDictionary<ActivityTraceId, bool>();
        var batches = new ConcurrentBag<ActivityTraceId[]>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == InferenceTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == InferenceTelemetry.BatchSpan) batches.Add([.. activity.Links.Select(l => l.Context.TraceId)]);
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var client = factory.CreateClient();
        var v2Body = V2Requests.Request(V2Requests.ImageInput([reference.ImageBytes(4)])).ToJsonString();

        for (var round = 0; round < 5 && !Mixed(); round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
            {
                var trace = ActivityTraceId.CreateRandom();
                using var request = i % 2 == 0
                    ? new HttpRequestMessage(HttpMethod.Post, ReferenceUploads.PredictPath()) { Content = ReferenceUploads.Multipart(reference, [4]) }
                    : new HttpRequestMessage(HttpMethod.Post, V2Requests.InferPath()) { Content = new StringContent(v2Body, Encoding.UTF8, "application/json") };
                request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
                (i % 2 == 0 ? v1Traces : v2Traces)[trace] = true;
                using var response = await client.SendAsync(request, Cancellation);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }));
        }

        Assert.True(Mixed(), $"no batch among {batches.Count} linked both a /v1 and a /v2 request");

        bool Mixed() => batches.Any(links => links.Any(v2Traces.ContainsKey) && links.Any(v1Traces.ContainsKey));
    }

    private static HttpContent Build(string name, PipelineReference reference)
    {
        var image = reference.ImageBytes(0);
        var good = V2Requests.ImageInput([image]);
        var tensor = new float[3 * 224 * 224];
        switch (name)
        {
            case "unknown-input":
                good["name"] = "pixels";
                return V2Requests.Json(V2Requests.Request(good));
            case "unknown-output":
                return V2Requests.Json(V2Requests.Request(good, V2Requests.Output("scores")));
            case "wrong-datatype":
                good["datatype"] = "FP32";
                return V2Requests.Json(V2Requests.Request(good));
            case "shape-disagrees-with-data":
                good["shape"] = new JsonArray(3);
                return V2Requests.Json(V2Requests.Request(good));
            case "wrong-image-shape":
                var wrong = V2Requests.FloatInput(new float[3 * 256 * 256], 1);
                wrong["shape"] = new JsonArray(1, 3, 256, 256);
                return V2Requests.Json(V2Requests.Request(wrong));
            case "invalid-base64":
                good["data"] = new JsonArray("not base64 !!");
                return V2Requests.Json(V2Requests.Request(good));
            case "other-content-type":
                good["parameters"] = new JsonObject { ["content_type"] = "str" };
                return V2Requests.Json(V2Requests.Request(good));
            case "header-length-beyond-body":
                var content = V2Requests.Json(V2Requests.Request(good));
                content.Headers.Add(V2Requests.HeaderLength, "100000000");
                return content;
            case "binary-size-beyond-body":
                var raw = V2Requests.LengthPrefixed([image]);
                good.Remove("data");
                good["parameters"] = new JsonObject { ["binary_data_size"] = raw.Length + 10 };
                return V2Requests.Binary(V2Requests.Request(good), raw);
            case "nan-in-fp32":
            case "infinity-in-fp32":
                tensor[1234] = name == "nan-in-fp32" ? float.NaN : float.PositiveInfinity;
                var binary = new JsonObject
                {
                    ["name"] = "input", ["datatype"] = "FP32", ["shape"] = new JsonArray(1, 3, 224, 224),
                    ["parameters"] = new JsonObject { ["binary_data_size"] = tensor.Length * 4 },
                };
                return V2Requests.Binary(V2Requests.Request(binary), V2Requests.LittleEndian(tensor));
            case "too-many-images":
                return V2Requests.Json(V2Requests.Request(V2Requests.ImageInput(Enumerable.Repeat(image, MaxImagesPerRequest + 1))));
            case "two-inputs":
                var request = V2Requests.Request(good);
                request["inputs"]!.AsArray().Add(V2Requests.FloatInput(tensor, 1));
                return V2Requests.Json(request);
            case "classification-on-features":
                return V2Requests.Json(V2Requests.Request(good, V2Requests.Output("features", classification: 3)));
            case "malformed-json":
                return new StringContent("{\"inputs\": [", Encoding.UTF8, "application/json");
            case "fp32-strings":
                var strings = V2Requests.FloatInput(tensor, 1);
                strings["data"] = new JsonArray([.. Enumerable.Range(0, tensor.Length).Select(_ => (JsonNode?)"x")]);
                return V2Requests.Json(V2Requests.Request(strings));
            case "string-in-shape":
            case "null-in-shape":
                good["shape"] = new JsonArray(name == "null-in-shape" ? null : (JsonNode)"1");
                return V2Requests.Json(V2Requests.Request(good));
            case "string-classification":
                var output = V2Requests.Output("probabilities");
                output["parameters"] = new JsonObject { ["classification"] = "3" };
                return V2Requests.Json(V2Requests.Request(good, output));
            case "null-binary-size":
                var prefixed = V2Requests.LengthPrefixed([image]);
                good.Remove("data");
                good["parameters"] = new JsonObject { ["binary_data_size"] = null };
                return V2Requests.Binary(V2Requests.Request(good), prefixed);
            case "invalid-utf8":
                return RawJson([.. "{\"inputs\":[{\"name\":\""u8, 0xff, 0xfe, .. "\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"AA==\"]}]}"u8]);
            case "unpaired-surrogate-name":
                return RawJson("{\"inputs\":[{\"name\":\"\\ud800\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"AA==\"]}]}"u8);
            case "unpaired-surrogate-data":
                return RawJson("{\"inputs\":[{\"name\":\"image\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"\\udc00\"]}]}"u8);
            case "not-an-image":
                return V2Requests.Json(V2Requests.Request(V2Requests.ImageInput([Encoding.UTF8.GetBytes("this is not an image")])));
            default:
                return V2Requests.Json(V2Requests.Request(good));
        }
    }

    /// <summary>Bytes as they are, which a JsonNode (always valid UTF-16) cannot produce.</summary>
    private static ByteArrayContent RawJson(ReadOnlySpan<byte> json)
    {
        var content = new ByteArrayContent(json.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }
}
