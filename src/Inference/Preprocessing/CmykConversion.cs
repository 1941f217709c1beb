namespace ResNeXt.Inference.Preprocessing;

/// <summary>How both JPEG decoders turn libjpeg's four-component output into RGB, as OpenCV does.</summary>
internal static class CmykConversion
{
    private const int CmykChannels = 4;
    private const int MaxSample = byte.MaxValue;
    private const int ByteShift = 8;

    /// <summary>
    /// OpenCV's <c>icvCvt_CMYK2BGR_8u_C4C3R</c> on libjpeg's raw (Adobe-inverted) CMYK: r = k - ((255 - c) * k &gt;&gt; 8).
    /// Pillow's <c>convert("RGB")</c> divides by 255 with rounding instead and can differ by one level.
    /// </summary>
    public static void ToRgbLikeOpenCv(ReadOnlySpan<byte> cmyk, Span<byte> rgb)
    {
        const int channels = ImageNetPipeline.Channels;
        for (int i = 0, j = 0; j < rgb.Length; i += CmykChannels, j += channels)
        {
            int k = cmyk[i + channels];
            for (int c = 0; c < channels; c++) rgb[j + c] = (byte)(k - (((MaxSample - cmyk[i + c]) * k) >> ByteShift));
        }
    }
}
