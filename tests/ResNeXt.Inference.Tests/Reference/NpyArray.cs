using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace ResNeXt.Inference.Tests.Reference;

/// <summary>
/// A minimal reader for the NumPy <c>.npy</c> files the reference scripts write: version 1/2 headers,
/// little-endian <c>&lt;f4</c>, <c>&lt;i8</c> or <c>|u1</c>, C order. Anything else is rejected loudly.
/// </summary>
public sealed partial record NpyArray(string DType, int[] Shape, byte[] Data)
{
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    public static NpyArray Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            throw new InvalidDataException($"{path} is not a .npy file.");
        int major = bytes[6];
        int headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int headerStart = major == 1 ? 10 : 12;
        var header = Encoding.ASCII.GetString(bytes, headerStart, headerLength);
        if (header.Contains("'fortran_order': True")) throw new InvalidDataException($"{path}: Fortran order is not supported.");
        var dtype = DTypePattern().Match(header).Groups[1].Value;
        var shape = ShapePattern().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse).ToArray();
        return new NpyArray(dtype, shape, bytes[(headerStart + headerLength)..]);
    }

    public float[] AsFloat32()
    {
        if (DType != "<f4") throw new InvalidDataException($"Expected <f4, found {DType}.");
        var result = new float[Count];
        Buffer.BlockCopy(Data, 0, result, 0, Data.Length);
        return result;
    }

    public byte[] AsUInt8() => DType == "|u1" ? Data : throw new InvalidDataException($"Expected |u1, found {DType}.");

    public long[] AsInt64()
    {
        if (DType != "<i8") throw new InvalidDataException($"Expected <i8, found {DType}.");
        var result = new long[Count];
        Buffer.BlockCopy(Data, 0, result, 0, Data.Length);
        return result;
    }

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex DTypePattern();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
