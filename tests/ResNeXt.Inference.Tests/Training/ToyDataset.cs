using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ResNeXt.Inference.Tests.Training;

/// <summary>
/// A tiny, visually obvious dataset in the layout <see cref="Inference.Training.Trainer"/> reads: train/ and val/,
/// one folder per class, each image a class colour plus seeded noise so no two images are identical.
/// </summary>
internal static class ToyDataset
{
    public const int Side = 48;
    private const int Noise = 40;

    private static readonly (string Name, Rgb24 Colour)[] Classes =
    [
        ("blue", new Rgb24(30, 60, 220)),
        ("green", new Rgb24(40, 200, 60)),
        ("red", new Rgb24(220, 40, 40)),
        ("yellow", new Rgb24(230, 220, 40)),
    ];

    public static int ClassCount => Classes.Length;

    public static void Write(string root, int trainPerClass, int validationPerClass, int seed)
    {
        var random = new Random(seed);
        foreach (var (split, count) in new[] { ("train", trainPerClass), ("val", validationPerClass) })
        {
            foreach (var (name, colour) in Classes)
            {
                var folder = Directory.CreateDirectory(Path.Combine(root, split, name)).FullName;
                for (var i = 0; i < count; i++)
                {
                    using var image = new Image<Rgb24>(Side, Side);
                    image.ProcessPixelRows(rows =>
                    {
                        for (var y = 0; y < rows.Height; y++)
                        {
                            foreach (ref var pixel in rows.GetRowSpan(y))
                                pixel = new Rgb24(Jitter(colour.R, random), Jitter(colour.G, random), Jitter(colour.B, random));
                        }
                    });
                    image.SaveAsPng(Path.Combine(folder, $"{i:D3}.png"));
                }
            }
        }
    }

    private static byte Jitter(byte value, Random random) => (byte)Math.Clamp(value + random.Next(-Noise, Noise + 1), 0, byte.MaxValue);
}
