namespace ResNeXt.Cli.LoadTesting;

/// <summary>
/// The Content-Type for a raw predict body. The API accepts image/jpeg, png, webp, bmp, gif, tiff and
/// application/octet-stream (it sniffs the format from the bytes), so an unknown extension falls back to the last.
/// </summary>
internal static class ImageContentTypes
{
    public const string Fallback = "application/octet-stream";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".webp"] = "image/webp",
        [".bmp"] = "image/bmp",
        [".gif"] = "image/gif",
        [".tif"] = "image/tiff",
        [".tiff"] = "image/tiff",
    };

    public static string For(string path) => ByExtension.GetValueOrDefault(Path.GetExtension(path), Fallback);
}
