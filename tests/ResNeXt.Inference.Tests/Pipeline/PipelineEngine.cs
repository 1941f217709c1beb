using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResNeXt.Inference.Batching;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Inference.Tests.Pipeline;

/// <summary>
/// The engine as hosts build it (<see cref="InferenceServiceCollectionExtensions.AddResNeXtInference"/>) over a temporary
/// models folder that links the reference checkpoints, so the tests exercise checkpoint discovery too. Built on
/// first use, inside a test, so that missing reference data skips the test instead of failing the fixture.
/// </summary>
public sealed class PipelineEngine : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pipeline-models-").FullName;
    private readonly Lock _lock = new();
    private readonly Dictionary<EngineBackend, ServiceProvider> _services = [];
    private bool _linked;

    /// <summary>The classifier whose models are served by <paramref name="backend"/>; each backend has its own host.</summary>
    public IImageClassifier Classifier(EngineBackend backend)
    {
        lock (_lock)
        {
            if (!_services.TryGetValue(backend, out var services))
                _services[backend] = services = Build(backend);
            return services.GetRequiredService<IImageClassifier>();
        }
    }

    private ServiceProvider Build(EngineBackend backend)
    {
        if (!_linked)
        {
            foreach (var model in new[] { PipelineReference.Tiny, PipelineReference.CatalogueModel })
            {
                File.CreateSymbolicLink(Path.Combine(_directory, model + ".pth"), PipelineReference.Checkpoint(model));
            }
            _linked = true;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.Directory)}"] = _directory,
            [$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.WatchForChanges)}"] = bool.FalseString,
            [$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.Backend)}"] = backend.ToName(),
            // No batching delay: the tests send whole requests, and waiting would only slow them down.
            [$"{BatchingOptions.SectionName}:{nameof(BatchingOptions.MaxDelay)}"] = TimeSpan.Zero.ToString(),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddResNeXtInference(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var services in _services.Values) await services.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
