using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using ResNeXt.Api.Contracts;
using ResNeXt.Inference.Contracts;
using ResNeXt.Api.Extensions;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.Endpoints;

public static class ModelEndpoints
{
    private const string Tag = "Models";

    public static RouteGroupBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models").WithTags(Tag);

        group.MapGet("/", ListModels)
            .WithName("ListModels")
            .WithSummary("List every model with its state, checkpoint, published figures and batcher settings");

        group.MapGet("/{model}", GetModel)
            .WithName("GetModel")
            .WithSummary("Describe one model")
            .ProducesModelProblems();

        var admin = group.MapGroup("/").RequireAdminApiKey();

        admin.MapPost("/{model}/load", LoadModelAsync)
            .WithName("LoadModel")
            .WithSummary("Load (or reload) a model and wait until it is ready")
            .ProducesModelProblems();

        admin.MapPost("/{model}/unload", UnloadModelAsync)
            .WithName("UnloadModel")
            .WithSummary("Stop accepting work for a model, finish what it accepted, and free it")
            .ProducesModelProblems();

        return group;
    }

    public static Ok<ModelListResponse> ListModels(
        [FromServices] IModelRegistry registry,
        [FromServices] BatchingSettingsResponse batching,
        [FromServices] ImagePreprocessor preprocessor) =>
        TypedResults.Ok(new ModelListResponse(
            registry.DefaultModel,
            preprocessor.JpegBackend.ToName(),
            [.. registry.List().Select(status => ModelResponse.From(status, batching))]));

    public static Ok<ModelResponse> GetModel(
        [Description("Model name, e.g. resnext50-32x4d.")] string model,
        [FromServices] IModelRegistry registry,
        [FromServices] BatchingSettingsResponse batching) =>
        TypedResults.Ok(ModelResponse.From(registry.Get(model), batching));

    public static async Task<Ok<ModelResponse>> LoadModelAsync(
        [Description("Model name, e.g. resnext50-32x4d.")] string model,
        [FromServices] IModelRegistry registry,
        [FromServices] BatchingSettingsResponse batching,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(ModelResponse.From(await registry.LoadAsync(model, cancellationToken), batching));

    public static async Task<Ok<ModelResponse>> UnloadModelAsync(
        [Description("Model name, e.g. resnext50-32x4d.")] string model,
        [FromServices] IModelRegistry registry,
        [FromServices] BatchingSettingsResponse batching,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(ModelResponse.From(await registry.UnloadAsync(model, cancellationToken), batching));
}
