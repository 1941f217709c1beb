using System.Text.Json.Serialization;
using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Benchmarks.Preprocessing;

/// <summary>
/// One encoded image, read into memory before any timing so neither side measures the disk. <see cref="Name"/> (the
/// file name) is how the Python side reports it, so names must be unique within a run.
/// </summary>
internal sealed record BenchmarkImage(string Name, string Path, int Width, int Height, string Format, [property: JsonIgnore] byte[] Encoded)
{
    public long Bytes => Encoded.Length;

    public static BenchmarkImage Load(string path, ImagePreprocessor preprocessor)
    {
        var encoded = File.ReadAllBytes(path);
        var info = preprocessor.Identify(encoded);
        return new BenchmarkImage(System.IO.Path.GetFileName(path), System.IO.Path.GetFullPath(path), info.Width, info.Height, info.Format, encoded);
    }
}
