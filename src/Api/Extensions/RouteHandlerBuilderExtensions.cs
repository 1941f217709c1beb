using ResNeXt.Api.Security;
using ResNeXt.Api.Uploads;

namespace ResNeXt.Api.Extensions;

public static class RouteHandlerBuilderExtensions
{
    /// <summary>
    /// Checks media type, size, image count and the upload's parameters against <c>Limits</c> before the handler runs,
    /// and reads the images into the handler's <see cref="ImageUpload"/>. Describes the upload body for OpenAPI.
    /// </summary>
    public static RouteHandlerBuilder ValidateImageUpload(this RouteHandlerBuilder builder) =>
        builder
            .AddEndpointFilter<ImageUploadFilter>()
            .WithMetadata(ImageUploadMetadata.Instance)
            // No cookie authentication exists, so there is no cross-site request forgery surface to defend.
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>The problems the engine can raise while serving a request (mapped by the exception handler).</summary>
    public static RouteHandlerBuilder ProducesInferenceProblems(this RouteHandlerBuilder builder) =>
        builder
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);

    public static RouteHandlerBuilder ProducesModelProblems(this RouteHandlerBuilder builder) =>
        builder
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>When <c>Security:AdminApiKey</c> is set, requests need it in <c>X-Api-Key</c>; otherwise 401.</summary>
    public static RouteGroupBuilder RequireAdminApiKey(this RouteGroupBuilder builder)
    {
        builder.AddEndpointFilter<AdminApiKeyFilter>().ProducesProblem(StatusCodes.Status401Unauthorized);
        return builder;
    }
}
