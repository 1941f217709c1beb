using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ResNeXt.Inference;

public static class InferenceServiceCollectionExtensions
{
    /// <summary>The single composition root of the engine, shared by the API and the CLI.</summary>
    public static IServiceCollection AddResNeXtInference(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
