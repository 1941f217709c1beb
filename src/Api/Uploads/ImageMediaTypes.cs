namespace ResNeXt.Api.Uploads;

/// <summary>
/// The bodies an image upload may have. The engine sniffs the real format from the bytes, so
/// <c>application/octet-stream</c> is as good as a precise image type; the list exists to refuse JSON and text early.
/// </summary>
public static class ImageMediaTypes
{
    public const string Multipart = "multipart/form-data";

    /// <summary>Form field names that carry image files; other parts of a multipart body are ignored.</summary>
    public static readonly IReadOnlyList<string> FieldNames = ["image", "images"];

    public static readonly IReadOnlyList<string> RawBody =
        ["image/jpeg", "image/png", "image/webp", "image/bmp", "image/gif", "image/tiff", "application/octet-stream"];

    public static bool IsRawImage(string mediaType) => RawBody.Contains(mediaType, StringComparer.OrdinalIgnoreCase);

    public static bool IsImageField(string name) => FieldNames.Contains(name, StringComparer.Ordinal);
}
