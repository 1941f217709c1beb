using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ResNeXt.Api.Tests.Infrastructure;

public static class TestImages
{
    /// <summary>A real PNG whose byte length differs with <paramref name="side"/>, so the fake engine labels sizes apart.</summary>
    public static byte[] Png(int side, byte shade = 128)
    {
        using var image = new Image<Rgb24>(side, side, new Rgb24(shade, (byte)(255 - shade), (byte)side));
        for (var x = 0; x < side; x++)
        {
            image[x, x] = new Rgb24((byte)(x * 7), (byte)(x * 13), (byte)(x * 29));
        }
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
