using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Checkpoints;

/// <summary>
/// Reads the safetensors layout (huggingface/safetensors README): a little-endian u64 header length, a JSON header
/// mapping each name to dtype, shape and [begin, end) byte offsets into the data that follows, then raw
/// little-endian, C-order tensor bytes.
/// </summary>
internal static class SafetensorsReader
{
    private const int HeaderLengthBytes = sizeof(ulong);
    private const string MetadataKey = "__metadata__";

    private static readonly Dictionary<string, ScalarType> DTypes = new(StringComparer.Ordinal)
    {
        ["F64"] = ScalarType.Float64,
        ["F32"] = ScalarType.Float32,
        ["F16"] = ScalarType.Float16,
        ["BF16"] = ScalarType.BFloat16,
        ["I64"] = ScalarType.Int64,
        ["I32"] = ScalarType.Int32,
        ["I16"] = ScalarType.Int16,
        ["I8"] = ScalarType.Int8,
        ["U8"] = ScalarType.Byte,
        ["BOOL"] = ScalarType.Bool,
    };

    /// <summary>Caller owns the returned tensors.</summary>
    public static Dictionary<string, Tensor> Read(ReadOnlySpan<byte> file, string path)
    {
        if (!BitConverter.IsLittleEndian)
            throw new CheckpointFormatException(path, "safetensors data is little-endian and this machine is not.");
        if (file.Length < HeaderLengthBytes)
            throw new CheckpointFormatException(path, "the file is too short to be safetensors.");

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > (ulong)(file.Length - HeaderLengthBytes))
            throw new CheckpointFormatException(path, "the safetensors header length exceeds the file.");
        var data = file[(HeaderLengthBytes + (int)headerLength)..];

        using var header = ParseHeader(file.Slice(HeaderLengthBytes, (int)headerLength), path);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in header.RootElement.EnumerateObject())
            {
                if (entry.NameEquals(MetadataKey)) continue;
                tensors.Add(entry.Name, ReadTensor(entry.Name, entry.Value, data, path));
            }
        }
        catch
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
            throw;
        }
        return tensors;
    }

    private static JsonDocument ParseHeader(ReadOnlySpan<byte> json, string path)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(path, "the safetensors header is not valid JSON.", e);
        }
    }

    private static Tensor ReadTensor(string name, JsonElement entry, ReadOnlySpan<byte> data, string path)
    {
        var dtypeName = entry.GetProperty("dtype").GetString() ?? "";
        if (!DTypes.TryGetValue(dtypeName, out var dtype))
            throw new CheckpointFormatException(path, $"tensor '{name}' has unsupported safetensors dtype '{dtypeName}'.");
        var shape = entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();

        var tensor = empty(shape, dtype);
        var byteCount = tensor.numel() * tensor.ElementSize;
        if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] > data.Length || offsets[1] - offsets[0] != byteCount)
        {
            tensor.Dispose();
            throw new CheckpointFormatException(path, $"tensor '{name}' has data offsets that do not fit its shape and dtype.");
        }
        data.Slice((int)offsets[0], (int)byteCount).CopyTo(TensorBytes.Of(tensor));
        return tensor;
    }
}
