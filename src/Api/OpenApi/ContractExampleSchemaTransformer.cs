using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace ResNeXt.Api.OpenApi;

/// <summary>Attaches <see cref="ContractExamples"/>, serialised with the API's own JSON options (snake_case), to each schema.</summary>
internal sealed class ContractExampleSchemaTransformer(IOptions<JsonOptions> jsonOptions) : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (context.JsonPropertyInfo is null && ContractExamples.For(type) is { } example &&
            JsonSerializer.SerializeToNode(example, type, jsonOptions.Value.SerializerOptions) is { } node)
        {
            schema.Examples = [node];
        }
        return Task.CompletedTask;
    }
}
