using System.Runtime.InteropServices;

namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// The part of libdeflate's C API (libdeflate.h) the PNG decoder needs. Debian 12 ships it as libdeflate0 (1.14), the
/// library libtiff already links. It inflates a whole zlib stream from one buffer into one buffer, which is what a PNG
/// held in memory is, at about twice zlib's speed, and checks the stream's Adler-32.
/// </summary>
internal static partial class LibDeflateNative
{
    public const string LibraryName = "libdeflate.so.0";

    /// <summary>The export the decoder cannot do without; its presence is what the start-up probe checks.</summary>
    public const string ZlibDecompressExport = "libdeflate_zlib_decompress";

    /// <summary><c>LIBDEFLATE_SUCCESS</c>.</summary>
    public const int Success = 0;

    [LibraryImport(LibraryName, EntryPoint = "libdeflate_alloc_decompressor")]
    public static partial nint AllocDecompressor();

    [LibraryImport(LibraryName, EntryPoint = "libdeflate_free_decompressor")]
    public static partial void FreeDecompressor(nint decompressor);

    /// <summary>Inflates into at most <paramref name="available"/> bytes; fails on bad data, a bad checksum or too little room.</summary>
    [LibraryImport(LibraryName, EntryPoint = "libdeflate_zlib_decompress")]
    public static unsafe partial int ZlibDecompress(nint decompressor, byte* input, nuint inputLength, byte* output, nuint available, out nuint written);

    /// <summary>The CRC-32 PNG chunks carry (zlib's); start from 0.</summary>
    [LibraryImport(LibraryName, EntryPoint = "libdeflate_crc32")]
    public static unsafe partial uint Crc32(uint crc, byte* data, nuint length);
}
