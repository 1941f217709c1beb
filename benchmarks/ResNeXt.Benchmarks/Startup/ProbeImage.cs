using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ResNeXt.Benchmarks.Startup;

/// <summary>
/// The image every prediction of the benchmark sends: a small PNG made here, so the run needs no data set and its
/// decoding costs next to nothing beside the forward pass. Content does not matter for time or memory; a gradient
/// merely keeps it from being a degenerate constant.
/// </summary>
internal static class ProbeImage
{
    public const string MediaType = "image/png";

    /// <summary>The model's input crop, so the service resizes and crops without upscaling much.</summary>
    private const int Side = 224;

    private const int Channel = byte.MaxValue;

    public static byte[] Create()
    {
        using var image = new Image<Rgb24>(Side, Side);
        for (var y = 0; y < Side; y++)
            for (var x = 0; x < Side; x++)
                image[x, y] = new Rgb24((byte)(x * Channel / Side), (byte)(y * Channel / Side), (byte)((x + y) * Channel / (2 * Side)));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
