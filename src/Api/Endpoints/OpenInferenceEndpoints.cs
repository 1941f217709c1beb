using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ResNeXt.Api.OpenInference;
using ResNeXt.Api.OpenInference.Rest;
using ResNeXt.Api.Options;
using ResNeXt.Api.Problems;
using ResNeXt.Api.Uploads;

namespace ResNeXt.Api.Endpoints;

/// <summary>The Open Inference Protocol (KServe V2) over REST, on the same port as /v1; errors as <c>{"error": "..."}</c>.</summary>
public static class OpenInferenceEndpoints
{
    public const string Tag = "Open Inference Protocol (V2)";

    private const string VersionSegment = "/versions/{version}";

    public static RouteGroupBuilder MapOpenInferenceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2").WithTags(Tag).AddEndpointFilter<OpenInferenceErrorFilter>();

        group.MapGet("/", ServerMetadata).WithName("V2ServerMetadata").WithSummary("Server name, version and protocol extensions");
        group.MapGet("/health/live", Live).WithName("V2ServerLive").WithSummary("Whether the process serves requests at all");
        group.MapGet("/health/ready", Ready).WithName("V2ServerReady")
            .WithSummary("Whether the preloaded models are ready and the server is not draining (503 otherwise)");

        foreach (var suffix in new[] { "", VersionSegment })
        {
            var named = suffix.Length == 0 ? "" : "Version";
            group.MapGet("/models/{model}" + suffix, ModelMetadata).WithName($"V2Model{named}Metadata")
                .WithSummary("The model's inputs, outputs and served version").Produces<OpenInferenceError>(StatusCodes.Status404NotFound);
            group.MapGet("/models/{model}" + suffix + "/ready", ModelReady).WithName($"V2Model{named}Ready")
                .WithSummary("Whether the model (version) is loaded and serving (503 otherwise)").Produces<OpenInferenceError>(StatusCodes.Status404NotFound);
            group.MapPost("/models/{model}" + suffix + "/infer", InferAsync).WithName($"V2Model{named}Infer")
                .WithSummary("Run inference: encoded images ('image', BYTES) or preprocessed tensors ('input', FP32)")
                .WithDescription("JSON, or JSON followed by raw tensors (binary tensor data extension, Inference-Header-Content-Length). " +
                    "Outputs 'probabilities', 'logits', 'features'; parameters.classification = k answers top-k strings.")
                .Accepts<RestInferRequestDocument>(RestInferCodec.JsonContentType, RestInferCodec.BinaryContentType)
                .Produces<RestInferResponseDocument>(StatusCodes.Status200OK, RestInferCodec.JsonContentType, RestInferCodec.BinaryContentType)
                .Produces<OpenInferenceError>(StatusCodes.Status400BadRequest)
                .Produces<OpenInferenceError>(StatusCodes.Status404NotFound)
                .Produces<OpenInferenceError>(StatusCodes.Status413PayloadTooLarge)
                .Produces<OpenInferenceError>(StatusCodes.Status429TooManyRequests)
                .Produces<OpenInferenceError>(StatusCodes.Status503ServiceUnavailable)
                .Produces<OpenInferenceError>(StatusCodes.Status504GatewayTimeout);
        }
        return group;
    }

    public static Ok<ServerMetadata> ServerMetadata() => TypedResults.Ok(OpenInferenceService.ServerMetadata);

    public static Ok<LiveResponse> Live() => TypedResults.Ok(new LiveResponse(true));

    public static JsonHttpResult<ReadyResponse> Ready([FromServices] OpenInferenceService service) => ReadyResult(service.IsReady);

    public static Ok<ModelMetadata> ModelMetadata(
        [Description("Model name, e.g. resnext50-32x4d.")] string model,
        [Description("First 8 hex digits of the checkpoint's SHA-256; optional.")] string? version,
        [FromServices] OpenInferenceService service) =>
        TypedResults.Ok(service.GetModelMetadata(model, version));

    public static JsonHttpResult<ReadyResponse> ModelReady(
        [Description("Model name, e.g. resnext50-32x4d.")] string model,
        [Description("First 8 hex digits of the checkpoint's SHA-256; optional.")] string? version,
        [FromServices] OpenInferenceService service) =>
        ReadyResult(service.IsModelReady(model, version));

    public static async Task<FileContentHttpResult> InferAsync(
        [Description("Model name, e.g. resnext50-32x4d.")] string model,
        [Description("First 8 hex digits of the checkpoint's SHA-256; optional.")] string? version,
        [FromHeader(Name = RequestTimeoutHeader.Name), Description("Deadline for queueing plus inference, in seconds.")] string? timeout,
        [FromHeader(Name = RestInferCodec.HeaderLengthName), Description("Length of the JSON header when binary tensors follow it.")] string? headerLength,
        HttpContext context,
        [FromServices] OpenInferenceService service,
        [FromServices] RestInferCodec codec,
        [FromServices] IOptions<LimitsOptions> limits,
        [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (RequestTimeoutHeader.Validate(timeout, limits.Value.MaxRequestTimeout) is { } invalid)
        {
            throw new OpenInferenceException(ProblemCatalog.InvalidParameter, invalid);
        }
        var body = await RestInferBody.ReadAsync(context.Request, limits.Value.MaxRequestBytes, limits.Value.MaxRequestTimeout, time, cancellationToken);
        var request = codec.Decode(body, headerLength);
        var answer = await service.InferAsync(model, version, request.Call, RequestTimeoutHeader.Parse(timeout), cancellationToken);
        var (bytes, jsonLength) = RestInferCodec.Encode(answer, request);
        if (jsonLength is not { } length) return TypedResults.File(bytes, RestInferCodec.JsonContentType);
        context.Response.Headers[RestInferCodec.HeaderLengthName] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.File(bytes, RestInferCodec.BinaryContentType);
    }

    private static JsonHttpResult<ReadyResponse> ReadyResult(bool ready) =>
        TypedResults.Json(new ReadyResponse(ready), statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
}
