using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResNeXt.Inference.Tests.Pipeline;

namespace ResNeXt.Api.Tests.OpenInference;

/// <summary>Open Inference Protocol REST bodies as a Triton or KServe client writes them, and readers of the answers.</summary>
public static class V2Requests
{
    public const string HeaderLength = "Inference-Header-Content-Length";

    public static string InferPath(string model = "tiny") => $"/v2/models/{model}/infer";

    public static JsonObject ImageInput(IEnumerable<byte[]> images, bool base64ContentType = true)
    {
        var data = new JsonArray([.. images.Select(i => JsonValue.Create(Convert.ToBase64String(i)))]);
        var input = new JsonObject { ["name"] = "image", ["datatype"] = "BYTES", ["shape"] = new JsonArray(data.Count), ["data"] = data };
        if (base64ContentType) input["parameters"] = new JsonObject { ["content_type"] = "base64" };
        return input;
    }

    public static JsonObject FloatInput(float[] values, int images)
    {
        var data = new JsonArray([.. values.Select(v => JsonValue.Create(v))]);
        return new JsonObject { ["name"] = "input", ["datatype"] = "FP32", ["shape"] = new JsonArray(images, 3, 224, 224), ["data"] = data };
    }

    public static JsonObject Output(string name, int? classification = null, bool? binary = null)
    {
        var parameters = new JsonObject();
        if (classification is { } k) parameters["classification"] = k;
        if (binary is { } b) parameters["binary_data"] = b;
        return new JsonObject { ["name"] = name, ["parameters"] = parameters };
    }

    public static JsonObject Request(JsonObject input, params JsonObject[] outputs)
    {
        var request = new JsonObject { ["inputs"] = new JsonArray(input) };
        if (outputs.Length > 0) request["outputs"] = new JsonArray(outputs);
        return request;
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>The JSON header followed by raw tensors, as the binary tensor data extension lays them out.</summary>
    public static ByteArrayContent Binary(JsonNode header, params byte[][] tensors)
    {
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var content = new ByteArrayContent([.. json, .. tensors.SelectMany(t => t)]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add(HeaderLength, json.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return content;
    }

    public static byte[] LengthPrefixed(IEnumerable<byte[]> elements)
    {
        var raw = new List<byte>();
        foreach (var element in elements)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)element.Length);
            raw.AddRange(length);
            raw.AddRange(element);
        }
        return [.. raw];
    }

    public static byte[] LittleEndian(float[] values)
    {
        var raw = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
        return raw;
    }

    public static float[] Floats(ReadOnlySpan<byte> raw)
    {
        var values = new float[raw.Length / 4];
        for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
        return values;
    }

    public static JsonElement OutputNamed(JsonElement body, string name) =>
        body.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);

    public static float[] Data(JsonElement output) => [.. output.GetProperty("data").EnumerateArray().Select(v => v.GetSingle())];

    public static long[] Shape(JsonElement output) => [.. output.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64())];

    /// <summary>Rows of a flat [N, C] tensor.</summary>
    public static float[][] Rows(float[] flat, int rows) => [.. flat.Chunk(flat.Length / rows)];

    /// <summary>Each row within the engine parity tests' tolerance of PyTorch's row for the image sent in that position.</summary>
    public static void AssertRows(float[][] expected, IReadOnlyList<int> images, float[][] actual, bool relative)
    {
        Assert.Equal(images.Count, actual.Length);
        for (var i = 0; i < images.Count; i++)
        {
            var error = relative ? ArrayErrors.RelativeL2(expected[images[i]], actual[i]) : ArrayErrors.MaxAbs(expected[images[i]], actual[i]);
            var bound = relative ? RealEngine.ReferenceUploads.FeatureRelativeL2Error : RealEngine.ReferenceUploads.ScoresMaxAbsError;
            Assert.True(error <= bound, $"position {i} (image {images[i]}): error {error} above {bound}");
        }
    }

    /// <summary>Asserts the status and the protocol's {"error": ...} body; returns the message.</summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error!;
    }
}
