using System.Collections.Frozen;

namespace ResNeXt.Api.Problems;

/// <summary>
/// Every problem the API answers with, keyed by its stable kebab-case code. Engine codes come from
/// <c>InferenceException.Code</c>; the rest are raised by the API itself. The problem <c>type</c> is a URN built from
/// the code, so it stays stable without pretending to be a dereferenceable web page.
/// </summary>
public static class ProblemCatalog
{
    public const string TypePrefix = "urn:resnext:problem:";

    public const string InvalidImage = "invalid-image";
    public const string EmptyBody = "empty-body";
    public const string MalformedBody = "malformed-body";
    public const string TooManyImages = "too-many-images";
    public const string InvalidParameter = "invalid-parameter";
    public const string InvalidTensor = "invalid-tensor";
    public const string Unauthorized = "unauthorized";
    public const string ModelNotFound = "model-not-found";
    public const string RequestTooLarge = "request-too-large";
    public const string ImageTooLarge = "image-too-large";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string QueueFull = "queue-full";
    public const string ModelNotDownloaded = "model-not-downloaded";
    public const string ModelDownloading = "model-downloading";
    public const string ModelLoadFailed = "model-load-failed";
    public const string ModelMemoryBusy = "model-memory-busy";
    public const string ModelUnloading = "model-unloading";
    public const string DeadlineExceeded = "deadline-exceeded";
    public const string BodyTimeout = "body-timeout";
    public const string RouteNotFound = "route-not-found";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string InferenceFailed = "inference-failed";

    private static readonly FrozenDictionary<string, ProblemKind> Kinds = new ProblemKind[]
    {
        new(InvalidImage, StatusCodes.Status400BadRequest, "The upload is not a readable image"),
        new(EmptyBody, StatusCodes.Status400BadRequest, "The request carries no image"),
        new(MalformedBody, StatusCodes.Status400BadRequest, "The request body is malformed"),
        new(TooManyImages, StatusCodes.Status400BadRequest, "Too many images in one request"),
        new(InvalidParameter, StatusCodes.Status400BadRequest, "A parameter has an invalid value"),
        new(InvalidTensor, StatusCodes.Status400BadRequest, "A tensor of the inference request is invalid"),
        new(Unauthorized, StatusCodes.Status401Unauthorized, "A valid API key is required"),
        new(ModelNotFound, StatusCodes.Status404NotFound, "Model not found"),
        new(RequestTooLarge, StatusCodes.Status413PayloadTooLarge, "The request body is too large"),
        new(ImageTooLarge, StatusCodes.Status413PayloadTooLarge, "The image has too many pixels"),
        new(UnsupportedMediaType, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type"),
        new(QueueFull, StatusCodes.Status429TooManyRequests, "The model's queue is full"),
        new(ModelNotDownloaded, StatusCodes.Status503ServiceUnavailable, "The model's checkpoint is not downloaded"),
        new(ModelDownloading, StatusCodes.Status503ServiceUnavailable, "The model's checkpoint is still downloading"),
        new(ModelLoadFailed, StatusCodes.Status503ServiceUnavailable, "The model failed to load"),
        new(ModelMemoryBusy, StatusCodes.Status503ServiceUnavailable, "The memory budget is held by busy models"),
        new(ModelUnloading, StatusCodes.Status503ServiceUnavailable, "The model is unloading"),
        new(DeadlineExceeded, StatusCodes.Status504GatewayTimeout, "The request's deadline passed before inference finished"),
        new(BodyTimeout, StatusCodes.Status408RequestTimeout, "The request body did not arrive in time"),
        new(RouteNotFound, StatusCodes.Status404NotFound, "No endpoint answers this path"),
        new(MethodNotAllowed, StatusCodes.Status405MethodNotAllowed, "The endpoint does not take this method"),
        new(InferenceFailed, StatusCodes.Status500InternalServerError, "Inference failed"),
    }.ToFrozenDictionary(kind => kind.Code, StringComparer.Ordinal);

    /// <summary>The kind for a code; an unknown engine code is an engine bug, so it is answered as a 500 under its own code.</summary>
    public static ProblemKind Get(string code) =>
        Kinds.TryGetValue(code, out var kind) ? kind : Kinds[InferenceFailed] with { Code = code };

    public static string TypeOf(string code) => TypePrefix + code;

    /// <summary>
    /// The code for Kestrel's refusal of a request it could not read: a body over the size limit or one that arrived too
    /// slowly are the same problems whichever protocol or reader met them; anything else is <paramref name="otherwise"/>.
    /// </summary>
    public static string CodeOf(BadHttpRequestException error, string otherwise)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => RequestTooLarge,
            StatusCodes.Status408RequestTimeout => BodyTimeout,
            _ => otherwise,
        };
    }

    /// <summary>
    /// What the routing refused before any handler ran, in words both protocols use; null for other statuses.
    /// </summary>
    public static string? RoutingRefusal(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var route = $"{context.Request.Method} {context.Request.Path}";
        return context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"No endpoint answers {route}.",
            StatusCodes.Status405MethodNotAllowed => context.Response.Headers.Allow is { Count: > 0 } allowed
                ? $"{route} is not allowed; this endpoint takes {allowed}."
                : $"{route} is not allowed.",
            _ => null,
        };
    }
}
