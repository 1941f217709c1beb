using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.Tests.Fakes;

/// <summary>The catalogue's models, the default one ready and the others not downloaded; load makes a model ready.</summary>
public sealed class FakeModelRegistry : IModelRegistry
{
    public const string NotDownloadedReason = "Run 'resnext download' or set Models:AutoDownload.";

    private readonly Dictionary<string, ModelStatus> models = ModelCatalog.Entries.ToDictionary(
        entry => entry.Name,
        entry => entry.Name == ModelCatalog.DefaultModel
            ? new ModelStatus(entry.Name, ModelState.Ready, null, $"/models/{entry.CheckpointFileName}", new string('a', 64), entry,
                entry.PublishedParameters, entry.PublishedParameters * sizeof(float), QueueDepth: 2, RandomWeights: false, EngineBackend.OnnxRuntime)
            : new ModelStatus(entry.Name, ModelState.NotDownloaded, NotDownloadedReason, null, null, entry, null, null, 0, false, EngineBackend.OnnxRuntime));

    public string DefaultModel => ModelCatalog.DefaultModel;

    public bool IsReady { get; set; } = true;

    public bool Drained { get; private set; }

    public IReadOnlyList<ModelStatus> List()
    {
        lock (models) return [.. models.Values.OrderBy(m => m.Name, StringComparer.Ordinal)];
    }

    public ModelStatus Get(string name)
    {
        lock (models)
        {
            return models.TryGetValue(name, out var status) ? status : throw new ModelNotFoundException(name, models.Keys);
        }
    }

    public Task<ModelStatus> LoadAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(Set(Get(name) with { State = ModelState.Ready, Reason = null }));

    public Task<ModelStatus> UnloadAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(Set(Get(name) with { State = ModelState.Available, ParameterCount = null, MemoryBytes = null }));

    public void StopReadiness() => IsReady = false;

    public Task DrainAsync(CancellationToken cancellationToken)
    {
        IsReady = false;
        Drained = true;
        return Task.CompletedTask;
    }

    private ModelStatus Set(ModelStatus status)
    {
        lock (models) models[status.Name] = status;
        return status;
    }
}
