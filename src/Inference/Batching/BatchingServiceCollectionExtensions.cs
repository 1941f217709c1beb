using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ResNeXt.Inference.Telemetry;

namespace ResNeXt.Inference.Batching;

/// <summary>
/// The batching part of the engine's composition root; internal because hosts call the one public
/// <c>AddResNeXtInference</c>, which includes this.
/// </summary>
internal static class BatchingServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the <c>Batching</c> section at start (a bad value stops the host before it serves), and
    /// registers the clock, the instruments, the one <see cref="InferenceExecutor"/> and <see cref="InferenceQueueFactory"/>.
    /// Needs an <c>IConfiguration</c>.
    /// </summary>
    /// <example>
    /// <code>
    /// "Batching": { "MaxBatchSize": 8, "MaxDelay": "00:00:00", "QueueCapacity": 64, "DefaultTimeout": "00:00:30", "IntraOpThreads": 0 }
    /// </code>
    /// </example>
    public static IServiceCollection AddInferenceBatching(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptionsWithValidateOnStart<BatchingOptions, BatchingOptionsValidator>()
            .BindConfiguration(BatchingOptions.SectionName);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InferenceMetrics>();
        services.TryAddSingleton<InferenceExecutor>();
        services.TryAddSingleton<InferenceQueueFactory>();
        return services;
    }
}
