namespace ResNeXt.Api.Uploads;

/// <summary>Marks endpoints whose body is an image upload, so the OpenAPI transformer can describe it.</summary>
public sealed class ImageUploadMetadata
{
    public static ImageUploadMetadata Instance { get; } = new();

    private ImageUploadMetadata()
    {
    }
}
