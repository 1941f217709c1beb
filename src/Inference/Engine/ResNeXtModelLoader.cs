using Microsoft.Extensions.Options;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Inference.Engine;

/// <summary>The registry's way to build an engine of the requested backend: from a checkpoint, or with random weights when allowed.</summary>
public sealed class ResNeXtModelLoader(IOptions<RegistryOptions> options) : IModelLoader
{
    /// <summary>Random weights need an architecture; a catalogue model's class count is ImageNet's.</summary>
    private const int ImageNetClasses = 1000;

    public LoadedWeights Load(ModelLoadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var engineOptions = new ResNeXtEngineOptions(request.Catalog, options.Value.Device, IntraOpThreads: request.IntraOpThreads, Backend: request.Backend);
        var engine = request.CheckpointPath is { } path
            ? EngineFactory.Load(path, engineOptions)
            : EngineFactory.CreateRandom(
                request.Catalog?.Spec ?? throw new ModelNotAvailableException(request.Name, options.Value.Directory),
                ImageNetClasses, engineOptions);
        return new LoadedWeights(engine, engine.Classes, engine.Sha256, engine.ParameterCount, engine.MemoryBytes, engine.Backend);
    }

    public long EstimateMemoryBytes(ModelLoadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return EngineFootprint.Estimate(request.Catalog, request.CheckpointPath, request.Backend);
    }
}
