using System.Buffers;
using System.Runtime.InteropServices;

namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// Decodes a JPEG with libjpeg-turbo exactly as OpenCV's <c>imdecode(IMREAD_COLOR)</c> does in mmpretrain: libjpeg's
/// default accurate IDCT and fancy upsampling, grey expanded to RGB by libjpeg, four-component (CMYK, YCCK) JPEGs
/// read as raw CMYK and converted with OpenCV's formula. Decodes straight into a pooled RGB24 buffer.
/// A new TurboJPEG instance per call keeps it thread-safe; creating one is negligible next to the decode.
/// </summary>
internal static class TurboJpegDecoder
{
    private const int CmykChannels = 4;

    /// <summary>
    /// libjpeg's warnings JWRN_HIT_MARKER ("Corrupt JPEG data: premature end of data segment") and JWRN_JPEG_EOF
    /// ("Premature end of JPEG file"): the entropy data stopped early and libjpeg filled the rest with grey.
    /// Other warnings (e.g. extraneous bytes before a marker, common from webcams) leave every pixel decoded, and
    /// OpenCV and Pillow accept them, so they are accepted here too.
    /// </summary>
    private const string MissingDataWarning = "premature end";

    /// <summary>Checks the header's size against <paramref name="maxPixels"/>, then decodes to RGB24, as stored (no EXIF rotation).</summary>
    public static unsafe DecodedImage Decode(ReadOnlySpan<byte> jpeg, long maxPixels)
    {
        using var handle = TurboJpegNative.InitDecompress();
        if (handle.IsInvalid) throw new InvalidOperationException("TurboJPEG could not create a decompressor (tjInitDecompress).");
        fixed (byte* source = jpeg)
        {
            var size = new CULong((nuint)jpeg.Length);
            if (TurboJpegNative.DecompressHeader(handle, source, size, out int width, out int height, out _, out int colorspace) != 0)
            {
                throw new InvalidImageException($"The JPEG header cannot be read: {ErrorOf(handle)}.");
            }
            if ((long)width * height > maxPixels) throw new ImageTooLargeException(width, height, maxPixels);
            var image = DecodedImage.Rent(width, height);
            try
            {
                if (colorspace is TurboJpegNative.ColorspaceCmyk or TurboJpegNative.ColorspaceYcck) DecodeCmyk(handle, source, size, image);
                else DecodeInto(handle, source, size, image.Pixels, width, height, TurboJpegNative.PixelFormatRgb);
                return image;
            }
            catch
            {
                image.Dispose();
                throw;
            }
        }
    }

    private static unsafe void DecodeCmyk(TurboJpegHandle handle, byte* source, CULong size, DecodedImage image)
    {
        int length = checked(image.Width * image.Height * CmykChannels);
        var cmyk = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            DecodeInto(handle, source, size, cmyk.AsSpan(0, length), image.Width, image.Height, TurboJpegNative.PixelFormatCmyk);
            CmykConversion.ToRgbLikeOpenCv(cmyk.AsSpan(0, length), image.Pixels);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(cmyk);
        }
    }

    private static unsafe void DecodeInto(
        TurboJpegHandle handle, byte* source, CULong size, Span<byte> destination, int width, int height, int pixelFormat)
    {
        fixed (byte* target = destination)
        {
            int result = TurboJpegNative.Decompress(
                handle, source, size, target, width, TurboJpegNative.PackedPitch, height, pixelFormat, TurboJpegNative.LibjpegDefaults);
            if (result == 0) return;
        }
        var message = ErrorOf(handle);
        bool complete = TurboJpegNative.GetErrorCode(handle) == TurboJpegNative.ErrorWarning
            && !message.Contains(MissingDataWarning, StringComparison.OrdinalIgnoreCase);
        if (!complete) throw new InvalidImageException($"The JPEG cannot be decoded: {message}.");
    }

    private static string ErrorOf(TurboJpegHandle handle) =>
        Marshal.PtrToStringUTF8(TurboJpegNative.GetErrorString(handle)) ?? "unknown TurboJPEG error";
}
