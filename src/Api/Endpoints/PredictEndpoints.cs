using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using ResNeXt.Api.Contracts;
using ResNeXt.Inference.Contracts;
using ResNeXt.Api.Extensions;
using ResNeXt.Api.Uploads;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Api.Endpoints;

public static class PredictEndpoints
{
    public const string Tag = "Inference";

    public static RouteGroupBuilder MapPredictEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models").WithTags(Tag);

        group.MapPost("/{model}/predict", PredictAsync)
            .WithName("Predict")
            .WithSummary("Classify one or more images")
            .WithDescription("Multipart with file parts named 'image' or 'images', or one raw image body. " +
                "Answers mmpretrain-style predictions, one per image in upload order.")
            .ValidateImageUpload()
            .ProducesInferenceProblems();

        return group;
    }

    public static async Task<Ok<PredictResponse>> PredictAsync(
        [Description("Model name, e.g. resnext50-32x4d (GET /v1/models lists them).")] string model,
        ImageUpload upload,
        [AsParameters] PredictParameters parameters,
        [FromServices] IImageClassifier classifier,
        CancellationToken cancellationToken)
    {
        var result = await classifier.ClassifyAsync(parameters.ToRequest(model, upload), cancellationToken);
        return TypedResults.Ok(PredictResponse.From(result));
    }
}
