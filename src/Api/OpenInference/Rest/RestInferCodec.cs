using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace ResNeXt.Api.OpenInference.Rest;

/// <summary>
/// The REST wire format: a JSON document, optionally followed by raw tensors (Triton's binary tensor data extension,
/// <see cref="HeaderLengthName"/> giving the JSON's length). Every malformed request becomes an
/// <see cref="OpenInferenceException"/> naming the field, never a parsing exception.
/// </summary>
public sealed class RestInferCodec(OpenInferenceService service)
{
    public const string HeaderLengthName = "Inference-Header-Content-Length";
    public const string JsonContentType = "application/json";
    public const string BinaryContentType = "application/octet-stream";


    /// <param name="headerLength">The <see cref="HeaderLengthName"/> header's value; null when the body is all JSON.</param>
    public RestInferRequest Decode(ReadOnlyMemory<byte> body, string? headerLength)
    {
        var jsonLength = body.Length;
        if (!string.IsNullOrEmpty(headerLength))
        {
            if (!int.TryParse(headerLength, NumberStyles.None, CultureInfo.InvariantCulture, out jsonLength))
            {
                throw OpenInferenceException.Malformed($"{HeaderLengthName} must be a non-negative integer; got '{headerLength}'.");
            }
            if (jsonLength > body.Length)
            {
                throw OpenInferenceException.Malformed($"{HeaderLengthName} is {jsonLength} but the body holds only {body.Length} bytes.");
            }
        }

        // The parser leaves the bytes inside strings unchecked until they are read, and reading bad ones throws.
        if (!Utf8.IsValid(body.Span[..jsonLength]))
        {
            throw OpenInferenceException.Malformed("The request's JSON is not valid UTF-8.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body[..jsonLength]);
        }
        catch (JsonException error)
        {
            throw OpenInferenceException.Malformed($"The request's JSON is malformed: {error.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw OpenInferenceException.Malformed("The request's JSON must be an object.");
            var binary = new BinarySection(body[jsonLength..]);
            var inputs = Array("inputs", root, required: true).Select((input, i) => DecodeInput(input, i, binary)).ToList();
            if (binary.Remaining > 0)
            {
                throw OpenInferenceException.Malformed(
                    $"The body has {binary.Remaining} bytes after the JSON that no input's parameters.binary_data_size claims.");
            }
            var outputs = root.TryGetProperty("outputs", out _)
                ? Array("outputs", root, required: false).Select((output, i) => DecodeOutput(output, i, root)).ToList()
                : null;
            var binaryDefault = Bool(Parameters(root, "request"), TensorNames.BinaryDataOutput, "request") ?? false;
            return new RestInferRequest(new InferCall(OptionalString(root, "id", "request"), inputs, outputs), binaryDefault);
        }
    }

    /// <summary>The response body, and the JSON header's length when outputs follow it in binary (null: all JSON).</summary>
    public static (byte[] Body, int? HeaderLength) Encode(InferAnswer answer, RestInferRequest request)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(request);
        var binaryParts = new List<byte[]>();
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("model_name", answer.ModelName);
            writer.WriteString("model_version", answer.ModelVersion);
            if (answer.Id is not null) writer.WriteString("id", answer.Id);
            writer.WriteStartArray("outputs");
            foreach (var output in answer.Outputs)
            {
                var binary = request.Call.Outputs?.FirstOrDefault(o => o.Name == output.Name)?.Binary ?? request.BinaryByDefault;
                WriteOutput(writer, output, binary ? binaryParts : null);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        if (binaryParts.Count == 0) return (json.ToArray(), null);
        var headerLength = (int)json.Length;
        foreach (var part in binaryParts) json.Write(part);
        return (json.ToArray(), headerLength);
    }

    private InferInputTensor DecodeInput(JsonElement input, int index, BinarySection binary)
    {
        var where = $"inputs[{index}]";
        if (input.ValueKind != JsonValueKind.Object) throw OpenInferenceException.Malformed($"{where} must be an object.");
        var name = RequiredString(input, "name", where);
        where = $"input '{name}'";
        var datatype = RequiredString(input, "datatype", where);
        var shape = Array("shape", input, required: true, where).Select(d => d.ValueKind == JsonValueKind.Number && d.TryGetInt64(out var v) ? v
            : throw OpenInferenceException.InvalidTensor($"The shape of {where} must hold integers; got {d.GetRawText()}.")).ToList();
        service.CheckInputHeader(name, datatype, shape);

        var parameters = Parameters(input, where);
        var contentType = OptionalString(parameters, TensorNames.ContentType, $"{where} parameters");
        if (parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(TensorNames.BinaryDataSize, out var sizeElement))
        {
            if (sizeElement.ValueKind != JsonValueKind.Number || !sizeElement.TryGetInt32(out var size) || size < 0)
            {
                throw OpenInferenceException.InvalidTensor($"parameters.{TensorNames.BinaryDataSize} of {where} must be a non-negative integer.");
            }
            if (input.TryGetProperty("data", out _))
            {
                throw OpenInferenceException.InvalidTensor($"{where} has both data and parameters.{TensorNames.BinaryDataSize}; send one.");
            }
            var raw = binary.Take(size, where);
            return datatype == TensorNames.Fp32
                ? new InferInputTensor(name, datatype, shape, RawTensors.Floats(raw.Span, where), null)
                : new InferInputTensor(name, datatype, shape, null, RawTensors.LengthPrefixed(raw, where));
        }

        if (!input.TryGetProperty("data", out var data))
        {
            throw OpenInferenceException.InvalidTensor($"{where} has neither data nor parameters.{TensorNames.BinaryDataSize}.");
        }
        var elements = new List<JsonElement>();
        Flatten(data, elements, where);
        return datatype == TensorNames.Fp32
            ? new InferInputTensor(name, datatype, shape, FloatsOf(elements, where), null)
            : new InferInputTensor(name, datatype, shape, null, Base64Of(elements, contentType, where));
    }

    private static RequestedOutput DecodeOutput(JsonElement output, int index, JsonElement root)
    {
        var where = $"outputs[{index}]";
        if (output.ValueKind != JsonValueKind.Object) throw OpenInferenceException.Malformed($"{where} must be an object.");
        var name = RequiredString(output, "name", where);
        where = $"output '{name}'";
        var parameters = Parameters(output, where);
        int? classification = null;
        if (parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(TensorNames.Classification, out var k))
        {
            classification = k.ValueKind == JsonValueKind.Number && k.TryGetInt32(out var top) ? top
                : throw OpenInferenceException.InvalidTensor($"parameters.{TensorNames.Classification} of {where} must be an integer; got {k.GetRawText()}.");
        }
        var binary = Bool(parameters, TensorNames.BinaryData, where)
            ?? Bool(Parameters(root, "request"), TensorNames.BinaryDataOutput, "request") ?? false;
        return new RequestedOutput(name, classification, binary);
    }

    private static void WriteOutput(Utf8JsonWriter writer, InferOutputTensor output, List<byte[]>? binaryParts)
    {
        writer.WriteStartObject();
        writer.WriteString("name", output.Name);
        writer.WriteString("datatype", output.Datatype);
        writer.WriteStartArray("shape");
        foreach (var d in output.Shape) writer.WriteNumberValue(d);
        writer.WriteEndArray();
        if (binaryParts is not null)
        {
            var raw = output.Floats is { } floats ? RawTensors.FromFloats(floats) : RawTensors.ToLengthPrefixed(output.Strings!);
            binaryParts.Add(raw);
            writer.WriteStartObject("parameters");
            writer.WriteNumber(TensorNames.BinaryDataSize, raw.Length);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteStartArray("data");
            if (output.Floats is { } floats)
            {
                foreach (var value in floats) writer.WriteNumberValue(value);
            }
            else
            {
                // BYTES outputs are the classification strings: UTF-8 text, written as JSON strings as Triton does.
                foreach (var value in output.Strings!) writer.WriteStringValue(value);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static void Flatten(JsonElement data, List<JsonElement> elements, string where)
    {
        if (data.ValueKind != JsonValueKind.Array) throw OpenInferenceException.InvalidTensor($"The data of {where} must be an array.");
        foreach (var item in data.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array) Flatten(item, elements, where);
            else elements.Add(item);
        }
    }

    private static float[] FloatsOf(List<JsonElement> elements, string where)
    {
        var floats = new float[elements.Count];
        for (var i = 0; i < floats.Length; i++)
        {
            floats[i] = elements[i].ValueKind == JsonValueKind.Number && elements[i].TryGetDouble(out var value) ? (float)value
                : throw OpenInferenceException.InvalidTensor($"Element {i} of {where}'s data is {elements[i].GetRawText()}; FP32 data holds numbers.");
        }
        return floats;
    }

    /// <summary>
    /// Encoded images are binary, so a JSON string is always read as base64, whether <c>content_type</c> says
    /// "base64" or is absent; any other content type is refused rather than guessed at.
    /// </summary>
    private static List<ReadOnlyMemory<byte>> Base64Of(List<JsonElement> elements, string? contentType, string where)
    {
        if (contentType is not null && !string.Equals(contentType, TensorNames.Base64, StringComparison.OrdinalIgnoreCase))
        {
            throw OpenInferenceException.InvalidTensor(
                $"{where} has parameters.{TensorNames.ContentType} '{contentType}'; encoded images in JSON are base64 ('{TensorNames.Base64}').");
        }
        var images = new List<ReadOnlyMemory<byte>>(elements.Count);
        for (var i = 0; i < elements.Count; i++)
        {
            if (elements[i].ValueKind != JsonValueKind.String)
            {
                throw OpenInferenceException.InvalidTensor($"Element {i} of {where}'s data is {elements[i].ValueKind}; BYTES data in JSON holds base64 strings.");
            }
            try
            {
                images.Add(Convert.FromBase64String(ReadString(elements[i], where)));
            }
            catch (FormatException)
            {
                throw OpenInferenceException.InvalidTensor($"Element {i} of {where}'s data is not valid base64.");
            }
        }
        return images;
    }

    private static IEnumerable<JsonElement> Array(string property, JsonElement owner, bool required, string where = "request")
    {
        if (!owner.TryGetProperty(property, out var array))
        {
            return required ? throw OpenInferenceException.Malformed($"The {where} has no '{property}'.") : [];
        }
        return array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : throw OpenInferenceException.Malformed($"'{property}' of the {where} must be an array.");
    }

    private static JsonElement Parameters(JsonElement owner, string where)
    {
        if (!owner.TryGetProperty("parameters", out var parameters) || parameters.ValueKind == JsonValueKind.Null) return default;
        return parameters.ValueKind == JsonValueKind.Object ? parameters : throw OpenInferenceException.Malformed($"The parameters of {where} must be an object.");
    }

    private static bool? Bool(JsonElement parameters, string name, string where)
    {
        if (parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw OpenInferenceException.InvalidTensor($"parameters.{name} of {where} must be true or false."),
        };
    }

    private static string RequiredString(JsonElement owner, string property, string where) =>
        OptionalString(owner, property, where) ?? throw OpenInferenceException.Malformed($"{where} has no '{property}'.");

    private static string? OptionalString(JsonElement owner, string property, string where)
    {
        if (owner.ValueKind != JsonValueKind.Object || !owner.TryGetProperty(property, out var value)) return null;
        return value.ValueKind == JsonValueKind.String ? ReadString(value, where) : throw OpenInferenceException.Malformed($"'{property}' of {where} must be a string.");
    }

    /// <summary>Valid UTF-8 can still escape half a surrogate pair (\ud800), which no .NET string holds: reading it throws.</summary>
    private static string ReadString(JsonElement value, string where)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw OpenInferenceException.Malformed($"A string of {where} escapes an unpaired UTF-16 surrogate (\\uD800-\\uDFFF).");
        }
    }

    /// <summary>The raw tensors after the JSON, handed out in the order the inputs claim them.</summary>
    private sealed class BinarySection(ReadOnlyMemory<byte> bytes)
    {
        private ReadOnlyMemory<byte> _rest = bytes;

        public int Remaining => _rest.Length;

        public ReadOnlyMemory<byte> Take(int size, string where)
        {
            if (size > _rest.Length)
            {
                throw OpenInferenceException.Malformed(
                    $"parameters.{TensorNames.BinaryDataSize} of {where} is {size} but only {_rest.Length} bytes of binary data are left in the body.");
            }
            var taken = _rest[..size];
            _rest = _rest[size..];
            return taken;
        }
    }
}
