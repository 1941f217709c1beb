namespace ResNeXt.Api.Uploads;

/// <summary>
/// The encoded images of one request, in upload order. Binding only creates the empty holder: parameter binding
/// runs before endpoint filters, and the body must not be read until <see cref="ImageUploadFilter"/> has checked the
/// media type and declared length against the limits. The filter then fills it.
/// </summary>
public sealed class ImageUpload
{
    private IReadOnlyList<ReadOnlyMemory<byte>>? images;

    public IReadOnlyList<ReadOnlyMemory<byte>> Images =>
        images ?? throw new InvalidOperationException("The upload was never read: map the endpoint with .ValidateImageUpload().");

    public static ValueTask<ImageUpload?> BindAsync(HttpContext context) => ValueTask.FromResult<ImageUpload?>(new ImageUpload());

    internal void Accept(IReadOnlyList<ReadOnlyMemory<byte>> read) => images = read;
}
