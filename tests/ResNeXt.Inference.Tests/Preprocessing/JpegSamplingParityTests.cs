using System.Diagnostics;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Inference.Tests.Preprocessing;

/// <summary>
/// The managed decoder reimplements libjpeg-turbo's upsampling, whose edge cases the reference set does not reach:
/// 4:2:2 (horizontal-only interpolation), odd sizes (a last chroma column or row of half a pair) and images one or two
/// pixels wide (libjpeg-turbo replicates instead of interpolating there). Pillow encodes them here, and both decoders
/// must give the same pixels; TurboJPEG itself matches Pillow's decode (<see cref="ImagePreprocessorParityTests"/>).
/// </summary>
public sealed class JpegSamplingParityTests : IDisposable
{
    private static readonly PythonRequirement Pillow = new("/usr/bin/python3", "PIL, numpy", "python3-pil and python3-numpy");

    /// <summary>Pillow's <c>subsampling</c> values: 0 is 4:4:4, 1 is 4:2:2, 2 is 4:2:0.</summary>
    private const string EncodeScript = """
        import sys
        import numpy as np
        from PIL import Image
        rng = np.random.default_rng(7)
        folder = sys.argv[1]
        for w, h in [(333, 251), (17, 9), (2, 3), (1, 1), (64, 1), (1, 40)]:
            y, x = np.mgrid[0:h, 0:w]
            base = np.stack([x * 255 // max(w - 1, 1), y * 255 // max(h - 1, 1), (x + y) * 3 % 256], -1).astype(np.float64)
            pixels = np.clip(base + rng.normal(0, 25, base.shape), 0, 255).astype(np.uint8)
            for subsampling in (0, 1, 2):
                Image.fromarray(pixels).save(f"{folder}/s{subsampling}_{w}x{h}.jpg", quality=85, subsampling=subsampling)
        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-jpeg-sampling-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void ManagedDecoderMatchesLibjpegTurboOnEverySamplingAndEdgeSize()
    {
        NativeDecoderRequirement.RequireTurboJpeg();
        Pillow.Require();
        Encode();
        var files = _directory.GetFiles("*.jpg");
        Assert.Equal(18, files.Length);
        var turbo = new ImageDecoder(ImagePreprocessor.DefaultMaxPixels, JpegBackend.TurboJpeg, PngDecoding.Backend);
        var managed = new ImageDecoder(ImagePreprocessor.DefaultMaxPixels, JpegBackend.LibJpegNet, PngDecoding.Backend);
        var mismatches = new List<string>();
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file.FullName);
            using var expected = turbo.Decode(bytes);
            using var actual = managed.Decode(bytes);
            if ((expected.Width, expected.Height) != (actual.Width, actual.Height) || !expected.Pixels.SequenceEqual(actual.Pixels))
                mismatches.Add(file.Name);
        }
        Assert.True(mismatches.Count == 0, "libjpeg.net differs from libjpeg-turbo on " + string.Join(", ", mismatches));
    }

    private void Encode()
    {
        var start = new ProcessStartInfo(Pillow.Interpreter, ["-c", EncodeScript, _directory.FullName]) { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
    }
}
