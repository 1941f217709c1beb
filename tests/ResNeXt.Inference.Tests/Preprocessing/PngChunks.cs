using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ResNeXt.Inference.Tests.Preprocessing;

/// <summary>Reads and rewrites the chunks of a PNG in memory, to forge the files the decoders must judge.</summary>
internal static class PngChunks
{
    public const int SignatureLength = 8;
    private const int Overhead = 12; // length, type, CRC

    /// <summary>Offset, type and data length of every chunk, in file order.</summary>
    public static List<(int Offset, string Type, int Length)> List(byte[] png)
    {
        var chunks = new List<(int, string, int)>();
        for (int position = SignatureLength; position + Overhead <= png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            chunks.Add((position, Encoding.ASCII.GetString(png, position + 4, 4), length));
            position += Overhead + length;
        }
        return chunks;
    }

    /// <summary>Recomputes the CRC of the chunk at <paramref name="offset"/> after its data was changed.</summary>
    public static void FixCrc(byte[] png, int offset)
    {
        int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(offset + 8 + length), Crc32(png.AsSpan(offset + 4, 4 + length)));
    }

    /// <summary>A copy with one more chunk (correct CRC) just before IEND.</summary>
    public static byte[] InsertBeforeEnd(byte[] png, string type, byte[] data)
    {
        int end = List(png).Single(c => c.Type == "IEND").Offset;
        var chunk = new byte[Overhead + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type, chunk.AsSpan(4));
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return [.. png.AsSpan(0, end), .. chunk, .. png.AsSpan(end)];
    }

    /// <summary>The filter byte of every row, inflated with .NET's own zlib (not the decoder under test).</summary>
    public static HashSet<byte> RowFilters(byte[] png, int rowLength)
    {
        using var data = new MemoryStream();
        foreach (var (offset, _, length) in List(png).Where(c => c.Type == "IDAT")) data.Write(png, offset + 8, length);
        data.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(data, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        var rows = inflated.ToArray();
        return Enumerable.Range(0, rows.Length / rowLength).Select(y => rows[y * rowLength]).ToHashSet();
    }

    /// <summary>PNG's CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320), written out here rather than taken from a decoder.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        const uint polynomial = 0xEDB88320;
        uint crc = uint.MaxValue;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1;
        }
        return ~crc;
    }
}
