using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ResNeXt.Inference.Batching;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Inference;

public static class InferenceServiceCollectionExtensions
{
    /// <summary>
    /// The engine's one composition root, used by the API and the CLI alike, so both build the same registry,
    /// batcher and preprocessing. Every options section is validated at start: a bad value stops the host with a
    /// message naming the key.
    /// </summary>
    /// <example>
    /// <code>
    /// "Models":   { "Directory": "models", "Preload": [ "resnext50-32x4d" ], "MaxLoaded": 2, "AutoDownload": false },
    /// "Batching": { "MaxBatchSize": 8, "MaxDelay": "00:00:00", "QueueCapacity": 64, "DefaultTimeout": "00:00:30" },
    /// "Limits":   { "MaxImagePixels": 50000000 },
    /// "CheckpointDownload": { "BaseUrl": null }
    /// </code>
    /// </example>
    public static IServiceCollection AddResNeXtInference(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(configuration);

        services.AddInferenceBatching();
        services.AddOptionsWithValidateOnStart<RegistryOptions, RegistryOptionsValidator>().BindConfiguration(RegistryOptions.SectionName);
        services.AddSingleton<IValidateOptions<RegistryOptions>>(new RegistryBackendsValidator(configuration));
        services.AddOptionsWithValidateOnStart<PreprocessingOptions, PreprocessingOptionsValidator>().BindConfiguration(PreprocessingOptions.SectionName);
        services.AddOptionsWithValidateOnStart<CheckpointDownloadOptions, CheckpointDownloadOptionsValidator>()
            .BindConfiguration(CheckpointDownloadOptions.SectionName);

        // One long-lived client: downloads are rare and large, so handler rotation buys nothing here.
        services.AddHttpClient(nameof(CheckpointDownloader));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<CheckpointDownloader>(sp,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(CheckpointDownloader))));
        services.TryAddSingleton<ICheckpointDownloader>(sp => sp.GetRequiredService<CheckpointDownloader>());
        services.TryAddSingleton(sp => new ImagePreprocessor(sp.GetRequiredService<IOptions<PreprocessingOptions>>().Value.MaxImagePixels));
        services.TryAddSingleton<IModelLoader, ResNeXtModelLoader>();
        services.TryAddSingleton<ModelRegistry>();
        services.TryAddSingleton<IModelRegistry>(sp => sp.GetRequiredService<ModelRegistry>());
        // Decoding only takes cores from a pass on a CPU; a GPU computes beside it.
        services.TryAddSingleton(sp => new DecodeGate(
            sp.GetRequiredService<IOptions<BatchingOptions>>().Value.DecodeBetweenPasses
                // Resolved before the options are validated: a malformed Models:Device is reported there, not thrown here.
                && !(ComputeDevice.TryParse(sp.GetRequiredService<IOptions<RegistryOptions>>().Value.Device, out var device) && device.IsCuda),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ImageClassifier>();
        services.TryAddSingleton<IImageClassifier>(sp => sp.GetRequiredService<ImageClassifier>());
        services.TryAddSingleton<ITensorClassifier>(sp => sp.GetRequiredService<ImageClassifier>());
        services.AddHostedService<ModelRegistryService>();
        return services;
    }
}
