using System.Buffers.Binary;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;

namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// Detects truncated files before decoding. ImageSharp 2.1 decodes a cut-off PNG, JPEG, BMP or WebP without
/// complaint and fills the missing rows (grey or black), which would classify a picture nobody sent. The checks
/// only walk the container structure (PNG chunks, JPEG markers, RIFF and BMP sizes); they never inflate or
/// entropy-decode. GIF and TIFF are not checked: their completeness is only known by decoding them.
/// </summary>
internal static class EncodedImageIntegrity
{
    /// <summary>PNG's container layout, shared with <see cref="LibDeflatePngDecoder"/>, which walks the same chunks.</summary>
    internal const int PngSignatureLength = 8;
    internal const int PngChunkOverhead = 12; // length, type, CRC
    internal const uint PngEndChunk = 0x49454E44; // "IEND"

    private const byte JpegMarkerPrefix = 0xFF;
    private const byte JpegStartOfImage = 0xD8;
    private const byte JpegEndOfImage = 0xD9;
    private const byte JpegStartOfScan = 0xDA;
    private const byte JpegFirstRestart = 0xD0;
    private const byte JpegLastRestart = 0xD7;
    private const byte JpegTemporary = 0x01;
    private const byte JpegStuffedZero = 0x00;

    private const int RiffHeaderLength = 8; // "RIFF", size
    private const int BmpFileSizeOffset = 2;

    /// <summary>Returns a reason when the structure shows the file is cut short or malformed, else null.</summary>
    public static string? FindDefect(IImageFormat format, ReadOnlySpan<byte> data) => format switch
    {
        PngFormat => IsCompletePng(data) ? null : "the PNG ends before its IEND chunk (truncated or corrupt)",
        JpegFormat => IsCompleteJpeg(data) ? null : "the JPEG ends before its end-of-image marker (truncated or corrupt)",
        WebpFormat => IsCompleteRiff(data) ? null : "the WebP file is shorter than its RIFF header says (truncated)",
        BmpFormat => IsCompleteBmp(data) ? null : "the BMP file is shorter than its header says (truncated)",
        _ => null,
    };

    private static bool IsCompletePng(ReadOnlySpan<byte> data)
    {
        long position = PngSignatureLength;
        while (position + PngChunkOverhead <= data.Length)
        {
            var header = data.Slice((int)position);
            long length = BinaryPrimitives.ReadUInt32BigEndian(header);
            uint type = BinaryPrimitives.ReadUInt32BigEndian(header.Slice(4));
            position += PngChunkOverhead + length;
            if (position > data.Length) return false;
            if (type == PngEndChunk) return true;
        }
        return false;
    }

    private static bool IsCompleteJpeg(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 || data[0] != JpegMarkerPrefix || data[1] != JpegStartOfImage) return false;
        int position = 2;
        while (true)
        {
            // Fill bytes (repeated 0xFF) may precede any marker.
            int prefix = data.Slice(position).IndexOf(JpegMarkerPrefix);
            if (prefix < 0) return false;
            position += prefix;
            while (position < data.Length && data[position] == JpegMarkerPrefix) position++;
            if (position >= data.Length) return false;

            byte marker = data[position++];
            if (marker == JpegEndOfImage) return true;
            if (IsStandaloneMarker(marker)) continue;
            if (position + 2 > data.Length) return false;
            position += BinaryPrimitives.ReadUInt16BigEndian(data.Slice(position));
            if (position > data.Length) return false;
            if (marker == JpegStartOfScan)
            {
                position = SkipEntropyCodedData(data, position);
                if (position < 0) return false;
            }
        }
    }

    private static bool IsStandaloneMarker(byte marker) =>
        marker is JpegTemporary or JpegStuffedZero or (>= JpegFirstRestart and <= JpegLastRestart);

    /// <summary>Returns the index of the 0xFF that starts the first real marker after a scan, or -1 at end of data.</summary>
    private static int SkipEntropyCodedData(ReadOnlySpan<byte> data, int position)
    {
        while (true)
        {
            int prefix = data.Slice(position).IndexOf(JpegMarkerPrefix);
            if (prefix < 0) return -1;
            position += prefix;
            if (position + 1 >= data.Length) return -1;
            byte next = data[position + 1];
            bool insideScan = next is JpegStuffedZero or JpegMarkerPrefix or (>= JpegFirstRestart and <= JpegLastRestart);
            if (!insideScan) return position;
            position += next == JpegMarkerPrefix ? 1 : 2;
        }
    }

    private static bool IsCompleteRiff(ReadOnlySpan<byte> data) =>
        data.Length >= RiffHeaderLength
        && RiffHeaderLength + (long)BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(4)) <= data.Length;

    /// <summary>Some writers leave the BMP file size at zero; then there is nothing to check.</summary>
    private static bool IsCompleteBmp(ReadOnlySpan<byte> data) =>
        data.Length >= BmpFileSizeOffset + sizeof(uint)
        && BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(BmpFileSizeOffset)) <= data.Length;
}
