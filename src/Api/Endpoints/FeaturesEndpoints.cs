using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using ResNeXt.Api.Contracts;
using ResNeXt.Inference.Contracts;
using ResNeXt.Api.Extensions;
using ResNeXt.Api.Uploads;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Api.Endpoints;

public static class FeaturesEndpoints
{
    public static IEndpointRouteBuilder MapFeaturesEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/features", ExtractDefaultAsync)
            .WithName("ExtractFeatures")
            .WithSummary("Extract feature vectors (model chosen by query)")
            .WithDescription("Same bodies as predict. Stage neck (default) or pre_logits gives 2048 floats per image; " +
                "backbone gives the 2048x7x7 map, flattened, with its shape.")
            .WithTags(PredictEndpoints.Tag)
            .ServesDefaultModel()
            .ValidateImageUpload()
            .ProducesInferenceProblems();

        app.MapPost("/v1/models/{model}/features", ExtractAsync)
            .WithName("ExtractModelFeatures")
            .WithSummary("Extract feature vectors from a named model")
            .WithTags(PredictEndpoints.Tag)
            .ValidateImageUpload()
            .ProducesInferenceProblems();

        return app;
    }

    public static Task<Ok<FeaturesResponse>> ExtractDefaultAsync(
        ImageUpload upload,
        [AsParameters] FeaturesParameters parameters,
        [FromServices] IImageClassifier classifier,
        [FromServices] IModelRegistry registry,
        CancellationToken cancellationToken,
        [Description("Model name; Models:DefaultModel (initially resnext50-32x4d) when omitted.")] string? model = null) =>
        ExtractAsync(model ?? registry.DefaultModel, upload, parameters, classifier, cancellationToken);

    public static async Task<Ok<FeaturesResponse>> ExtractAsync(
        [Description("Model name, e.g. resnext50-32x4d (GET /v1/models lists them).")] string model,
        ImageUpload upload,
        [AsParameters] FeaturesParameters parameters,
        [FromServices] IImageClassifier classifier,
        CancellationToken cancellationToken)
    {
        var result = await classifier.ExtractFeaturesAsync(parameters.ToRequest(model, upload), cancellationToken);
        return TypedResults.Ok(FeaturesResponse.From(result));
    }
}
