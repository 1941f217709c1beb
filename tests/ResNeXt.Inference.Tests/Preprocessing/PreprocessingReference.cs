using System.Text.Json;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Inference.Tests.Preprocessing;

/// <summary>The cases tests/reference/make_preprocessing.py wrote (manifest.json in the "preprocessing" folder).</summary>
public sealed record PreprocessingReference(IReadOnlyList<ReferenceImage> Images, IReadOnlyList<ReferenceResize> Resizes)
{
    public const string Folder = "preprocessing";

    public static PreprocessingReference Load()
    {
        var path = ReferenceData.Require(Folder, "manifest.json");
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        return JsonSerializer.Deserialize<PreprocessingReference>(File.ReadAllText(path), options)
            ?? throw new InvalidDataException($"{path} is empty.");
    }

    public static string PathOf(string file) => ReferenceData.Require(Folder, file);

    public static byte[] Bytes(string file) => File.ReadAllBytes(PathOf(file));

    public static NpyArray Array(string file) => NpyArray.Load(PathOf(file));
}

/// <summary>
/// One test image. <see cref="Kind"/> is "png", "png16", "lossless" or "jpeg"; all must match Pillow exactly.
/// <see cref="Decoded"/>, the full decoded RGB before resizing, is set for JPEGs only.
/// </summary>
public sealed record ReferenceImage(
    string File, string Kind, int Width, int Height, int ResizedWidth, int ResizedHeight, string Crop, string Input, string? Decoded)
{
    public bool IsJpeg => Kind == "jpeg";

    public override string ToString() => File;
}

/// <summary>A full Pillow BILINEAR resize of a small random RGB array.</summary>
public sealed record ReferenceResize(string Source, string Resized, int Width, int Height);
