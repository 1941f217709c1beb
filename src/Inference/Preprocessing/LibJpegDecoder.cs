using BitMiracle.LibJpeg.Classic;

namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// The managed JPEG decoder for hosts without libturbojpeg, giving libjpeg-turbo's default pixels (what OpenCV and
/// Pillow produce) without a system library. LibJpeg.NET is a port of IJG libjpeg 9, whose IDCT matches
/// libjpeg-turbo's accurate integer IDCT but whose "fancy upsampling" of subsampled chroma does not: libjpeg 7+
/// enlarges chroma by a scaled IDCT where libjpeg 6b and libjpeg-turbo interpolate with a triangle filter. Measured on
/// the reference JPEGs, its own RGB output is up to 39 levels off on 4:2:0 (three samples in four differ) and one level
/// off on 4:4:4 (119 of 562,500 samples: its colour conversion). So LibJpeg.NET only entropy-decodes and
/// inverse-transforms each component at its stored resolution (raw data out); upsampling and colour conversion are
/// libjpeg-turbo's, written out here (jdsample.c, jdcolor.c), and the result is byte-identical.
/// Thread-safe: every call has its own decompressor.
/// </summary>
internal static class LibJpegDecoder
{
    private const int BlockSize = 8;
    private const int Channels = ImageNetPipeline.Channels;
    private const int CmykChannels = 4;
    private const int MaxSample = byte.MaxValue;
    private const int CenterSample = 128;

    /// <summary>libjpeg's YCbCr-to-RGB fixed point: 16 fractional bits, rounded by adding one half.</summary>
    private const int ScaleBits = 16;

    private const int OneHalf = 1 << (ScaleBits - 1);

    private static readonly int[] CrToR = Table(1.40200, sample => (int)((sample + OneHalf) >> ScaleBits));
    private static readonly int[] CbToB = Table(1.77200, sample => (int)((sample + OneHalf) >> ScaleBits));
    private static readonly int[] CrToG = Table(-0.71414, sample => (int)sample);
    private static readonly int[] CbToG = Table(-0.34414, sample => (int)sample + OneHalf);

    /// <summary>Checks the header's size against <paramref name="maxPixels"/>, then decodes to RGB24, as stored (no EXIF rotation).</summary>
    public static unsafe DecodedImage Decode(ReadOnlySpan<byte> jpeg, long maxPixels)
    {
        if (jpeg.IsEmpty) throw new InvalidImageException("The image is empty (0 bytes).");
        var errors = new WarningRecorder();
        var decompressor = new jpeg_decompress_struct(errors);
        fixed (byte* start = jpeg)
        {
            using var stream = new UnmanagedMemoryStream(start, jpeg.Length);
            try
            {
                decompressor.jpeg_stdio_src(stream);
                decompressor.jpeg_read_header(true);
                int width = decompressor.Image_width, height = decompressor.Image_height;
                if ((long)width * height > maxPixels) throw new ImageTooLargeException(width, height, maxPixels);
                var colorSpace = decompressor.Jpeg_color_space;
                int components = ComponentsOf(colorSpace);
                if (decompressor.Num_components != components)
                {
                    throw new InvalidImageException($"The JPEG has {decompressor.Num_components} components for colour space {colorSpace}.");
                }
                decompressor.Raw_data_out = true;
                // LibJpeg.NET picks the chroma IDCT size (16x16 for 4:2:0) before it looks at raw output; without
                // fancy upsampling every component is inverse-transformed at 8x8, its stored resolution.
                decompressor.Do_fancy_upsampling = false;
                decompressor.Dct_method = J_DCT_METHOD.JDCT_ISLOW;
                decompressor.jpeg_start_decompress();
                var planes = ReadPlanes(decompressor);
                errors.ThrowIfDataMissing();
                decompressor.jpeg_finish_decompress();
                errors.ThrowIfDataMissing();
                return Convert(decompressor, colorSpace, planes, width, height);
            }
            catch (Exception error) when (error is not (InferenceException or OutOfMemoryException))
            {
                throw new InvalidImageException($"The JPEG cannot be decoded: {error.Message}", error);
            }
        }
    }

    private static int ComponentsOf(J_COLOR_SPACE colorSpace) => colorSpace switch
    {
        J_COLOR_SPACE.JCS_GRAYSCALE => 1,
        J_COLOR_SPACE.JCS_RGB or J_COLOR_SPACE.JCS_YCbCr => Channels,
        J_COLOR_SPACE.JCS_CMYK or J_COLOR_SPACE.JCS_YCCK => CmykChannels,
        _ => throw new InvalidImageException($"The JPEG's colour space ({colorSpace}) is not supported."),
    };

    /// <summary>Every component's IDCT output at its stored resolution, padded to whole blocks.</summary>
    private static Plane[] ReadPlanes(jpeg_decompress_struct decompressor)
    {
        var info = decompressor.Comp_info;
        int maxH = info.Max(c => c.H_samp_factor), maxV = decompressor.Max_v_samp_factor;
        int rowsPerPass = maxV * BlockSize;
        int passes = (decompressor.Image_height + rowsPerPass - 1) / rowsPerPass;
        var planes = new Plane[info.Length];
        for (int c = 0; c < info.Length; c++)
        {
            var component = info[c];
            int rows = passes * component.V_samp_factor * BlockSize;
            var samples = new byte[rows][];
            for (int r = 0; r < rows; r++) samples[r] = new byte[component.Width_in_blocks * BlockSize];
            int storedHeight = (int)(((long)decompressor.Image_height * component.V_samp_factor + maxV - 1) / maxV);
            planes[c] = new Plane(samples, component.Downsampled_width, storedHeight, maxH, maxV, component.H_samp_factor, component.V_samp_factor);
        }
        var window = new byte[info.Length][][];
        for (int pass = 0; pass < passes; pass++)
        {
            for (int c = 0; c < info.Length; c++)
            {
                int rows = info[c].V_samp_factor * BlockSize;
                window[c] = planes[c].Rows[(pass * rows)..((pass + 1) * rows)];
            }
            if (decompressor.jpeg_read_raw_data(window, rowsPerPass) == 0)
            {
                throw new InvalidImageException("The JPEG's data stops before the last row.");
            }
        }
        return planes;
    }

    private static DecodedImage Convert(jpeg_decompress_struct decompressor, J_COLOR_SPACE colorSpace, Plane[] planes, int width, int height)
    {
        var image = DecodedImage.Rent(width, height);
        try
        {
            var rows = new byte[planes.Length][];
            for (int c = 0; c < planes.Length; c++) rows[c] = new byte[planes[c].UpsampledWidth];
            var cmyk = colorSpace is J_COLOR_SPACE.JCS_CMYK or J_COLOR_SPACE.JCS_YCCK ? new byte[width * CmykChannels] : null;
            var pixels = image.Pixels;
            int stride = width * Channels;
            for (int y = 0; y < height; y++)
            {
                for (int c = 0; c < planes.Length; c++) planes[c].Upsample(y, rows[c]);
                var target = pixels.Slice(y * stride, stride);
                switch (colorSpace)
                {
                    case J_COLOR_SPACE.JCS_GRAYSCALE:
                        GreyToRgb(rows[0], target);
                        break;
                    case J_COLOR_SPACE.JCS_RGB:
                        Interleave(rows, target, width);
                        break;
                    case J_COLOR_SPACE.JCS_YCbCr:
                        YccToRgb(rows[0], rows[1], rows[2], target, width);
                        break;
                    case J_COLOR_SPACE.JCS_YCCK:
                        YcckToCmyk(rows, cmyk!, width);
                        CmykConversion.ToRgbLikeOpenCv(cmyk, target);
                        break;
                    default:
                        Interleave(rows, cmyk!, width);
                        CmykConversion.ToRgbLikeOpenCv(cmyk, target);
                        break;
                }
            }
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    private static void GreyToRgb(ReadOnlySpan<byte> grey, Span<byte> rgb)
    {
        for (int x = 0, i = 0; i < rgb.Length; x++, i += Channels) rgb[i] = rgb[i + 1] = rgb[i + 2] = grey[x];
    }

    private static void Interleave(byte[][] rows, Span<byte> target, int width)
    {
        int channels = rows.Length;
        for (int x = 0; x < width; x++)
        {
            for (int c = 0; c < channels; c++) target[x * channels + c] = rows[c][x];
        }
    }

    /// <summary>jdcolor.c's ycc_rgb_convert: table lookups, then a clamp to 0..255.</summary>
    private static void YccToRgb(ReadOnlySpan<byte> luma, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb, int width)
    {
        for (int x = 0, i = 0; x < width; x++, i += Channels)
        {
            int y = luma[x];
            rgb[i] = Clamp(y + CrToR[cr[x]]);
            rgb[i + 1] = Clamp(y + ((CbToG[cb[x]] + CrToG[cr[x]]) >> ScaleBits));
            rgb[i + 2] = Clamp(y + CbToB[cb[x]]);
        }
    }

    /// <summary>jdcolor.c's ycck_cmyk_convert: YCbCr to inverted RGB (CMY), K as stored.</summary>
    private static void YcckToCmyk(byte[][] rows, Span<byte> cmyk, int width)
    {
        for (int x = 0, i = 0; x < width; x++, i += CmykChannels)
        {
            int y = rows[0][x], cb = rows[1][x], cr = rows[2][x];
            cmyk[i] = Clamp(MaxSample - (y + CrToR[cr]));
            cmyk[i + 1] = Clamp(MaxSample - (y + ((CbToG[cb] + CrToG[cr]) >> ScaleBits)));
            cmyk[i + 2] = Clamp(MaxSample - (y + CbToB[cb]));
            cmyk[i + 3] = rows[3][x];
        }
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, MaxSample);

    /// <summary>
    /// jdcolor.c's build_ycc_rgb_table: the factor in 16-bit fixed point (FIX rounds its magnitude) times (sample - 128).
    /// The R and B tables are shifted back with rounding; the two G tables stay scaled, one carrying the rounding half,
    /// and are summed before their shift.
    /// </summary>
    private static int[] Table(double factor, Func<long, int> finish)
    {
        long fixedFactor = Math.Sign(factor) * (long)(Math.Abs(factor) * (1L << ScaleBits) + 0.5);
        var table = new int[MaxSample + 1];
        for (int i = 0; i <= MaxSample; i++) table[i] = finish(fixedFactor * (i - CenterSample));
        return table;
    }

    /// <summary>One component's samples and libjpeg-turbo's choice of upsampling for it (jdsample.c, jinit_upsampler).</summary>
    private sealed record Plane(byte[][] Rows, int StoredWidth, int StoredHeight, int MaxH, int MaxV, int H, int V)
    {
        private int HorizontalFactor => MaxH / H;

        private int VerticalFactor => MaxV / V;

        public int UpsampledWidth => StoredWidth * HorizontalFactor;

        /// <summary>Writes output row <paramref name="y"/> of this component at full resolution.</summary>
        public void Upsample(int y, byte[] target)
        {
            int h = HorizontalFactor, v = VerticalFactor;
            if (MaxH % H != 0 || MaxV % V != 0)
            {
                throw new InvalidImageException($"The JPEG's sampling factors ({H}x{V} of {MaxH}x{MaxV}) are not whole ratios.");
            }
            // libjpeg-turbo interpolates only 2:1 ratios, and horizontally only rows wider than two samples.
            bool fancyWidth = StoredWidth > 2;
            if (h == 1 && v == 1) Rows[y].AsSpan(0, StoredWidth).CopyTo(target);
            else if (h == 2 && v == 1 && fancyWidth) H2V1(Rows[y], target);
            else if (h == 1 && v == 2) H1V2(y, target);
            else if (h == 2 && v == 2 && fancyWidth) H2V2(y, target);
            else Replicate(Rows[y / v], target, h);
        }

        /// <summary>The neighbouring stored row a fancy vertical step reads: above for even output rows, below for odd, edges repeated.</summary>
        private byte[] Neighbour(int y) => Rows[Math.Clamp(y % 2 == 0 ? y / 2 - 1 : y / 2 + 1, 0, StoredHeight - 1)];

        private void H2V1(byte[] row, byte[] target)
        {
            int last = StoredWidth - 1;
            for (int x = 0; x <= last; x++)
            {
                int here = row[x] * 3;
                target[2 * x] = (byte)((here + row[Math.Max(x - 1, 0)] + 1) >> 2);
                target[2 * x + 1] = (byte)((here + row[Math.Min(x + 1, last)] + 2) >> 2);
            }
        }

        private void H1V2(int y, byte[] target)
        {
            byte[] row = Rows[y / 2], neighbour = Neighbour(y);
            int bias = y % 2 == 0 ? 1 : 2;
            for (int x = 0; x < StoredWidth; x++) target[x] = (byte)((row[x] * 3 + neighbour[x] + bias) >> 2);
        }

        private void H2V2(int y, byte[] target)
        {
            byte[] row = Rows[y / 2], neighbour = Neighbour(y);
            int last = StoredWidth - 1;
            int previous = row[0] * 3 + neighbour[0], here = previous;
            for (int x = 0; x <= last; x++)
            {
                int next = x < last ? row[x + 1] * 3 + neighbour[x + 1] : here;
                target[2 * x] = (byte)((here * 3 + previous + 8) >> 4);
                target[2 * x + 1] = (byte)((here * 3 + next + 7) >> 4);
                previous = here;
                here = next;
            }
        }

        private void Replicate(byte[] row, byte[] target, int factor)
        {
            for (int x = 0; x < StoredWidth; x++) target.AsSpan(x * factor, factor).Fill(row[x]);
        }
    }

    /// <summary>
    /// Keeps libjpeg's warnings instead of printing them. As for TurboJPEG, only "premature end" (JWRN_HIT_MARKER,
    /// JWRN_JPEG_EOF: entropy data stopped early, the rest filled with grey) rejects the image; other warnings leave
    /// every pixel decoded, and OpenCV and Pillow accept them too.
    /// </summary>
    private sealed class WarningRecorder : jpeg_error_mgr
    {
        private string? missingData;

        public override void emit_message(int msg_level)
        {
            if (msg_level >= 0) return;
            var message = format_message();
            if (message.Contains("premature end", StringComparison.OrdinalIgnoreCase)) missingData ??= message;
        }

        public override void output_message()
        {
        }

        public void ThrowIfDataMissing()
        {
            if (missingData is not null) throw new InvalidImageException($"The JPEG cannot be decoded: {missingData}.");
        }
    }
}
