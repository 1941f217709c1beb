using Microsoft.OpenApi;
using ResNeXt.Api.OpenApi;
using ResNeXt.Api.Problems;

namespace ResNeXt.Api.Extensions;

public static class OpenApiExtensions
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string SwaggerUiPrefix = "swagger";

    private const string Title = "ResNeXt inference API";

    public static IHostApplicationBuilder AddApiDocumentation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = Title,
                    Version = "v1",
                    Description = "mmpretrain ResNeXt ImageNet classifiers: upload JPEG/PNG images, get top-k classes or feature vectors. " +
                        // Swagger UI renders the description as Markdown, where a bare <code> is an (empty) HTML element.
                        $"Errors are RFC 7807 problems whose type is `{ProblemCatalog.TypePrefix}<code>`, e.g. `{ProblemCatalog.TypeOf(ProblemCatalog.ModelNotFound)}`.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer<ImageUploadOperationTransformer>();
            options.AddSchemaTransformer<ContractExampleSchemaTransformer>();
        });
        return builder;
    }

    /// <summary>The OpenAPI document, and Swagger UI reading it (its assets are embedded, so it works offline).</summary>
    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint(DocumentPath, Title);
            options.RoutePrefix = SwaggerUiPrefix;
        });
        return app;
    }
}
