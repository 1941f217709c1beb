using System.Buffers.Binary;

namespace ResNeXt.Api.OpenInference;

/// <summary>
/// Raw tensor bytes, as the binary extension and gRPC's raw contents carry them: little-endian, row-major; a BYTES
/// tensor is each element as a 4-byte little-endian length followed by that many bytes.
/// </summary>
public static class RawTensors
{
    private const int LengthPrefixBytes = sizeof(uint);

    public static float[] Floats(ReadOnlySpan<byte> raw, string where)
    {
        if (raw.Length % sizeof(float) != 0)
        {
            throw OpenInferenceException.InvalidTensor($"The raw data of {where} is {raw.Length} bytes, not a whole number of FP32 values.");
        }
        var floats = new float[raw.Length / sizeof(float)];
        for (var i = 0; i < floats.Length; i++) floats[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
        return floats;
    }

    public static List<ReadOnlyMemory<byte>> LengthPrefixed(ReadOnlyMemory<byte> raw, string where)
    {
        var elements = new List<ReadOnlyMemory<byte>>();
        var rest = raw;
        while (!rest.IsEmpty)
        {
            if (rest.Length < LengthPrefixBytes)
            {
                throw OpenInferenceException.InvalidTensor($"The raw data of {where} ends inside the length of element {elements.Count}.");
            }
            var length = BinaryPrimitives.ReadUInt32LittleEndian(rest.Span);
            rest = rest[LengthPrefixBytes..];
            if (length > (uint)rest.Length)
            {
                throw OpenInferenceException.InvalidTensor(
                    $"Element {elements.Count} of {where}'s raw data claims {length} bytes but only {rest.Length} are left.");
            }
            elements.Add(rest[..(int)length]);
            rest = rest[(int)length..];
        }
        return elements;
    }

    public static byte[] FromFloats(float[] floats)
    {
        ArgumentNullException.ThrowIfNull(floats);
        var raw = new byte[floats.Length * sizeof(float)];
        for (var i = 0; i < floats.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), floats[i]);
        return raw;
    }

    public static byte[] ToLengthPrefixed(IReadOnlyList<byte[]> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var raw = new byte[elements.Sum(e => LengthPrefixBytes + e.Length)];
        var at = 0;
        foreach (var element in elements)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(at), (uint)element.Length);
            element.CopyTo(raw, at + LengthPrefixBytes);
            at += LengthPrefixBytes + element.Length;
        }
        return raw;
    }
}
