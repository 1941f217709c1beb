using ResNeXt.Inference;

namespace ResNeXt.Api.Extensions;

public static class InferenceServiceExtensions
{
    /// <summary>The engine, registered by its own composition root exactly as the CLI registers it.</summary>
    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder)
    {
        builder.Services.AddResNeXtInference(builder.Configuration);
        return builder;
    }
}
