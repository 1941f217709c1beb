using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// The fast path for the PNGs photos usually arrive as: 8-bit grey, grey + alpha, RGB or RGBA, not interlaced, no
/// EXIF. libdeflate inflates all the image data in one call and the rows are unfiltered straight into the RGB24 buffer
/// the resizer reads, without ImageSharp's streams, its second pass over the header and its image allocation.
/// It takes a file only when IHDR comes first, the IDAT chunks are contiguous, every chunk's CRC and the zlib checksum
/// are right and the data inflates to exactly the rows the header promises; for anything else (other PNG kinds,
/// orientation or EXIF that ImageSharp would read, damage of any kind) it returns null and ImageSharp decodes or
/// rejects the file as before. Other ancillary chunks (gamma, colour profiles, text) are skipped, as both ImageSharp
/// and OpenCV's libpng leave the pixels alone for them. Alpha is dropped without compositing and grey is copied to
/// all three channels, as <see cref="ImageDecoder"/> does with ImageSharp's pixels.
/// </summary>
internal static class LibDeflatePngDecoder
{
    private const int SignatureLength = EncodedImageIntegrity.PngSignatureLength;
    private const int ChunkHeaderLength = 8; // length, type
    private const int ChunkOverhead = EncodedImageIntegrity.PngChunkOverhead;
    private const int HeaderDataLength = 13;
    private const uint HeaderType = 0x49484452; // IHDR
    private const uint DataType = 0x49444154; // IDAT
    private const uint EndType = EncodedImageIntegrity.PngEndChunk;
    private const uint ExifType = 0x65584966; // eXIf
    private const uint TextType = 0x74455874; // tEXt
    private const uint CompressedTextType = 0x7A545874; // zTXt
    private const uint InternationalTextType = 0x69545874; // iTXt
    private const uint AncillaryBit = 0x20000000; // bit 5 of the type's first letter: lower case = ancillary

    private const byte EightBitSamples = 8;
    private const byte Grey = 0;
    private const byte Rgb = 2;
    private const byte GreyAlpha = 4;
    private const byte Rgba = 6;

    private const byte FilterNone = 0;
    private const byte FilterSub = 1;
    private const byte FilterUp = 2;
    private const byte FilterAverage = 3;
    private const byte FilterPaeth = 4;

    private static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>ImageSharp reads EXIF (and so orientation) from text chunks with this keyword, as ImageMagick writes them.</summary>
    private static ReadOnlySpan<byte> LegacyExifKeyword => "Raw profile type"u8;

    /// <summary>The decoded image, or null when ImageSharp has to decide (see the class remarks).</summary>
    public static DecodedImage? TryDecode(ReadOnlySpan<byte> png, long maxPixels)
    {
        if (!TryReadLayout(png, maxPixels, out var layout)) return null;
        int rowLength = 1 + layout.Width * layout.Channels;
        int rawLength = rowLength * layout.Height;
        var raw = ArrayPool<byte>.Shared.Rent(rawLength);
        byte[]? joined = null;
        try
        {
            ReadOnlySpan<byte> zlib;
            if (layout.DataChunks.Count == 1)
            {
                var (offset, length) = layout.DataChunks[0];
                zlib = png.Slice(offset, length);
            }
            else
            {
                joined = ArrayPool<byte>.Shared.Rent(layout.DataLength);
                int written = 0;
                foreach (var (offset, length) in layout.DataChunks)
                {
                    png.Slice(offset, length).CopyTo(joined.AsSpan(written));
                    written += length;
                }
                zlib = joined.AsSpan(0, written);
            }
            if (!Inflate(zlib, raw.AsSpan(0, rawLength))) return null;

            var image = DecodedImage.Rent(layout.Width, layout.Height);
            if (Reconstruct(raw.AsSpan(0, rawLength), rowLength, layout, image.Pixels)) return image;
            image.Dispose();
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
            if (joined is not null) ArrayPool<byte>.Shared.Return(joined);
        }
    }

    private static bool TryReadLayout(ReadOnlySpan<byte> png, long maxPixels, out Layout layout)
    {
        layout = default;
        if (png.Length < SignatureLength || !png.StartsWith(Signature)) return false;
        var dataChunks = new List<(int Offset, int Length)>();
        long dataLength = 0;
        bool dataEnded = false;
        int position = SignatureLength;
        while (true)
        {
            if (position > png.Length - ChunkOverhead) return false;
            uint declared = BinaryPrimitives.ReadUInt32BigEndian(png.Slice(position));
            if (declared > (uint)(png.Length - position - ChunkOverhead)) return false;
            int length = (int)declared;
            uint type = BinaryPrimitives.ReadUInt32BigEndian(png.Slice(position + 4));
            var data = png.Slice(position + ChunkHeaderLength, length);
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(png.Slice(position + ChunkHeaderLength + length));
            if (Crc32(png.Slice(position + 4, 4 + length)) != stored) return false;

            bool first = position == SignatureLength;
            if (first != (type == HeaderType)) return false;
            if (type == DataType)
            {
                if (dataEnded) return false;
                dataChunks.Add((position + ChunkHeaderLength, length));
                dataLength += length;
            }
            else if (dataChunks.Count > 0)
            {
                dataEnded = true;
            }

            switch (type)
            {
                case HeaderType when !TryReadHeader(data, maxPixels, out layout):
                case ExifType:
                case TextType or CompressedTextType or InternationalTextType when StartsWithLegacyExifKeyword(data):
                    return false;
                case HeaderType or DataType or TextType or CompressedTextType or InternationalTextType:
                    break;
                case EndType:
                    if (dataChunks.Count == 0 || dataLength > Array.MaxLength) return false;
                    layout = layout with { DataChunks = dataChunks, DataLength = (int)dataLength };
                    return true;
                default:
                    // An unknown critical chunk (or PLTE, which only suggests colours for RGB) is ImageSharp's to judge.
                    if ((type & AncillaryBit) == 0) return false;
                    break;
            }
            position += ChunkOverhead + length;
        }
    }

    private static bool TryReadHeader(ReadOnlySpan<byte> data, long maxPixels, out Layout layout)
    {
        layout = default;
        if (data.Length != HeaderDataLength) return false;
        uint width = BinaryPrimitives.ReadUInt32BigEndian(data);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(4));
        byte bitDepth = data[8], colorType = data[9], compression = data[10], filtering = data[11], interlace = data[12];
        int channels = colorType switch { Grey => 1, GreyAlpha => 2, Rgb => 3, Rgba => 4, _ => 0 };
        if (width == 0 || height == 0 || bitDepth != EightBitSamples || channels == 0) return false;
        if (compression != 0 || filtering != 0 || interlace != 0) return false;
        // Too large for the limit (ImageSharp's path reports it) or for one array of rows.
        if ((long)width * height > maxPixels || (1 + (long)width * channels) * height > Array.MaxLength) return false;
        layout = new Layout((int)width, (int)height, colorType, channels, [], 0);
        return true;
    }

    private static bool StartsWithLegacyExifKeyword(ReadOnlySpan<byte> data) =>
        data.Length >= LegacyExifKeyword.Length && Ascii.EqualsIgnoreCase(data.Slice(0, LegacyExifKeyword.Length), LegacyExifKeyword);

    private static unsafe uint Crc32(ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data) return LibDeflateNative.Crc32(0, start, (nuint)data.Length);
    }

    private static unsafe bool Inflate(ReadOnlySpan<byte> zlib, Span<byte> rows)
    {
        nint decompressor = LibDeflateNative.AllocDecompressor();
        if (decompressor == 0) throw new OutOfMemoryException("libdeflate could not allocate a decompressor.");
        try
        {
            fixed (byte* input = zlib)
            fixed (byte* output = rows)
            {
                int result = LibDeflateNative.ZlibDecompress(decompressor, input, (nuint)zlib.Length, output, (nuint)rows.Length, out nuint written);
                return result == LibDeflateNative.Success && written == (nuint)rows.Length;
            }
        }
        finally
        {
            LibDeflateNative.FreeDecompressor(decompressor);
        }
    }

    /// <summary>Unfilters every row in place (each row's filter reads the row above, already unfiltered) and packs it as RGB24.</summary>
    private static bool Reconstruct(Span<byte> raw, int rowLength, Layout layout, Span<byte> rgb)
    {
        int stride = layout.Width * ImageNetPipeline.Channels;
        Span<byte> above = raw.Slice(1, rowLength - 1);
        var zeros = ArrayPool<byte>.Shared.Rent(rowLength - 1);
        try
        {
            zeros.AsSpan(0, rowLength - 1).Clear();
            for (int y = 0; y < layout.Height; y++)
            {
                var line = raw.Slice(y * rowLength, rowLength);
                var row = line.Slice(1);
                if (!Unfilter(line[0], row, y == 0 ? zeros.AsSpan(0, row.Length) : above, layout.Channels)) return false;
                ToRgb(row, layout.ColorType, rgb.Slice(y * stride, stride));
                above = row;
            }
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(zeros);
        }
    }

    private static bool Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> above, int bytesPerPixel)
    {
        ref byte current = ref MemoryMarshal.GetReference(row);
        ref byte up = ref MemoryMarshal.GetReference(above);
        int length = row.Length;
        switch (filter)
        {
            case FilterNone:
                return true;
            case FilterSub:
                for (int i = bytesPerPixel; i < length; i++) Unsafe.Add(ref current, i) += Unsafe.Add(ref current, i - bytesPerPixel);
                return true;
            case FilterUp:
                AddAbove(ref current, ref up, length);
                return true;
            case FilterAverage:
                for (int i = 0; i < bytesPerPixel; i++) Unsafe.Add(ref current, i) += (byte)(Unsafe.Add(ref up, i) >> 1);
                for (int i = bytesPerPixel; i < length; i++)
                {
                    Unsafe.Add(ref current, i) += (byte)((Unsafe.Add(ref current, i - bytesPerPixel) + Unsafe.Add(ref up, i)) >> 1);
                }
                return true;
            case FilterPaeth:
                // With nothing to the left (a = c = 0) the predictor is always the byte above.
                for (int i = 0; i < bytesPerPixel; i++) Unsafe.Add(ref current, i) += Unsafe.Add(ref up, i);
                for (int i = bytesPerPixel; i < length; i++)
                {
                    int a = Unsafe.Add(ref current, i - bytesPerPixel), b = Unsafe.Add(ref up, i), c = Unsafe.Add(ref up, i - bytesPerPixel);
                    int pa = Math.Abs(b - c), pb = Math.Abs(a - c), pc = Math.Abs(a + b - c - c);
                    Unsafe.Add(ref current, i) += (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
                }
                return true;
            default:
                return false;
        }
    }

    private static void AddAbove(ref byte current, ref byte up, int length)
    {
        int i = 0;
        for (; i <= length - Vector256<byte>.Count; i += Vector256<byte>.Count)
        {
            (Vector256.LoadUnsafe(ref current, (nuint)i) + Vector256.LoadUnsafe(ref up, (nuint)i)).StoreUnsafe(ref current, (nuint)i);
        }
        for (; i < length; i++) Unsafe.Add(ref current, i) += Unsafe.Add(ref up, i);
    }

    private static void ToRgb(ReadOnlySpan<byte> row, byte colorType, Span<byte> rgb)
    {
        switch (colorType)
        {
            case Rgb:
                row.CopyTo(rgb);
                return;
            case Rgba:
                for (int source = 0, target = 0; target < rgb.Length; source += 4, target += 3)
                {
                    rgb[target] = row[source];
                    rgb[target + 1] = row[source + 1];
                    rgb[target + 2] = row[source + 2];
                }
                return;
            default:
                int step = colorType == GreyAlpha ? 2 : 1;
                for (int source = 0, target = 0; target < rgb.Length; source += step, target += 3)
                {
                    rgb[target] = rgb[target + 1] = rgb[target + 2] = row[source];
                }
                return;
        }
    }

    private readonly record struct Layout(
        int Width, int Height, byte ColorType, int Channels, List<(int Offset, int Length)> DataChunks, int DataLength);
}
