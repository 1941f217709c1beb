using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ResNeXt.Api.Uploads;

namespace ResNeXt.Api.OpenApi;

/// <summary>
/// The upload body is read by <see cref="ImageUploadFilter"/>, not bound from a handler parameter, so nothing in the
/// handler signature tells the generator about it. This describes it: a multipart form whose file fields Swagger UI
/// renders as file pickers, plus the raw image bodies.
/// </summary>
internal sealed class ImageUploadOperationTransformer : IOpenApiOperationTransformer
{
    private const string BinaryFormat = "binary";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<ImageUploadMetadata>().Any()) return Task.CompletedTask;

        // Insertion order matters: Swagger UI offers the first media type by default, and the form is what people try.
        var content = new Dictionary<string, OpenApiMediaType> { [ImageMediaTypes.Multipart] = new() { Schema = MultipartSchema() } };
        foreach (var mediaType in ImageMediaTypes.RawBody)
        {
            content[mediaType] = new() { Schema = BinarySchema("The image file itself as the body.") };
        }
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "One or more images: a multipart form with file parts named 'image' or 'images' (answered in " +
                "upload order), or a single image as the raw body. JPEG, PNG, WebP, BMP, GIF and TIFF are decoded.",
            Content = content,
        };
        return Task.CompletedTask;
    }

    private static OpenApiSchema MultipartSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["image"] = BinarySchema("An image file. Repeat the part to send several."),
            ["images"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "More image files, same meaning as 'image'.",
                Items = BinarySchema("An image file."),
            },
        },
    };

    private static OpenApiSchema BinarySchema(string description) =>
        new() { Type = JsonSchemaType.String, Format = BinaryFormat, Description = description };
}
