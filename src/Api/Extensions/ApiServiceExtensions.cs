using ResNeXt.Api.Telemetry;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ResNeXt.Api.Contracts;
using ResNeXt.Inference.Contracts;
using ResNeXt.Api.Lifecycle;
using ResNeXt.Api.OpenInference.Rest;
using ResNeXt.Api.Options;
using ResNeXt.Api.Problems;
using ResNeXt.Inference.Batching;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.Extensions;

public static class ApiServiceExtensions
{
    private const string ModelExtension = "model";
    private const string ModelRouteValue = "model";

    public static IHostApplicationBuilder AddApiServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.UseDefaultListenAddress();

        services.AddOptionsWithValidateOnStart<LimitsOptions, LimitsOptionsValidator>().BindConfiguration(LimitsOptions.SectionName);
        services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsWithinBatchingValidator>();
        services.AddOptionsWithValidateOnStart<SecurityOptions, SecurityOptionsValidator>().BindConfiguration(SecurityOptions.SectionName);
        services.AddOptionsWithValidateOnStart<ShutdownOptions, ShutdownOptionsValidator>().BindConfiguration(ShutdownOptions.SectionName);
        services.ConfigureOptions<RequestLimitsSetup>();
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);

        services.ConfigureHttpJsonOptions(options => ContractJson.Configure(options.SerializerOptions));
        // A malformed query value (topk=abc) throws instead of ending as an empty 400, so the exception handler can
        // answer it as an invalid-parameter problem like every other bad input.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        services.AddProblemDetails(options => options.CustomizeProblemDetails = AddCorrelation);
        services.AddExceptionHandler<InferenceExceptionHandler>();

        services.AddSingleton(sp => BatchingSettingsResponse.From(sp.GetRequiredService<IOptions<BatchingOptions>>().Value));
        services.AddHostedService<GracefulShutdownService>();
        services.AddHostedService<StartupGuide>();
        builder.AddApiDocumentation();
        return builder;
    }

    public static WebApplication UseApiPipeline(this WebApplication app)
    {
        app.UseMiddleware<CloseConnectionsWhenStoppingMiddleware>();
        app.UseExceptionHandler();
        app.UseMiddleware<ClientAbortMiddleware>();
        app.UseMiddleware<ProtocolTagMiddleware>();
        app.UseStatusCodePages(new StatusCodePagesOptions
        {
            HandleAsync = context => OpenInferenceStatusPages.Handles(context.HttpContext)
                ? OpenInferenceStatusPages.WriteAsync(context)
                : StatusCodeProblems.WriteAsync(context),
        });
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }

    /// <summary>
    /// Every problem carries the ids the logs carry. ASP.NET Core already adds the trace id (the current Activity id)
    /// as <c>traceId</c>, which the snake_case policy writes as <c>trace_id</c>; this adds the model the request named.
    /// </summary>
    private static void AddCorrelation(ProblemDetailsContext context)
    {
        // The exception handler clears the request's route values before it runs; its feature keeps a copy.
        var routeValues = context.HttpContext.Features.Get<IExceptionHandlerFeature>()?.RouteValues ?? context.HttpContext.Request.RouteValues;
        var model = routeValues[ModelRouteValue] as string ?? context.HttpContext.Request.Query[ModelRouteValue].FirstOrDefault()
            ?? DefaultModelOf(context.HttpContext);
        if (model is not null)
        {
            context.ProblemDetails.Extensions[ModelExtension] = model;
        }
    }

    /// <summary>
    /// Marks an endpoint that serves Models:DefaultModel when the request names no model (<c>POST /features</c>), so its
    /// problems name the model the request would have used; without it a refusal there (a bad <c>stage</c>) named none.
    /// </summary>
    public static RouteHandlerBuilder ServesDefaultModel(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(DefaultModelEndpoint.Instance);

    private static string? DefaultModelOf(HttpContext httpContext)
    {
        // As with the route values, the exception handler clears the endpoint; its feature keeps it.
        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint();
        return endpoint?.Metadata.GetMetadata<DefaultModelEndpoint>() is null
            ? null
            : httpContext.RequestServices.GetRequiredService<IModelRegistry>().DefaultModel;
    }

    private sealed class DefaultModelEndpoint
    {
        public static readonly DefaultModelEndpoint Instance = new();
    }
}
