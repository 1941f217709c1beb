using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResNeXt.Inference.Onnx;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Telemetry;

namespace ResNeXt.Inference.Engine;

/// <summary>The registry's way to build an engine of the requested backend: from a checkpoint, or with random weights when allowed.</summary>
public sealed class ResNeXtModelLoader(IOptions<RegistryOptions> options, ILogger<ResNeXtModelLoader> logger) : IModelLoader
{
    /// <summary>Random weights need an architecture; a catalogue model's class count is ImageNet's.</summary>
    private const int ImageNetClasses = 1000;

    public LoadedWeights Load(ModelLoadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        // Every loaded model's session computes on the one shared pool: the executor runs one pass at a time, so threads
        // of each model's own would only multiply idle threads (and spinning ones) with the number of models loaded.
        var engineOptions = new ResNeXtEngineOptions(request.Catalog, options.Value.Device, IntraOpThreads: request.IntraOpThreads,
            Backend: request.Backend, AllowSpinning: request.AllowSpinning, SharedThreadPool: true);
        var engine = request.CheckpointPath is { } path
            ? EngineFactory.Load(path, engineOptions)
            : EngineFactory.CreateRandom(
                request.Catalog?.Spec ?? throw new ModelNotAvailableException(request.Name, options.Value.Directory),
                ImageNetClasses, engineOptions);
        if (engine is OnnxRuntimeEngine { SharesThreadPool: false })
        {
            // Still correct, but this model's threads now come on top of the pool's: say so rather than oversubscribe quietly.
            Log.OnnxSessionOwnThreads(logger, request.Name, request.IntraOpThreads, request.AllowSpinning,
                OnnxThreadPool.Current?.ToString() ?? "none (ONNX Runtime was initialised without one)");
        }
        return new LoadedWeights(engine, engine.Classes, engine.Sha256, engine.ParameterCount, engine.MemoryBytes, engine.Backend);
    }

    public long EstimateMemoryBytes(ModelLoadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return EngineFootprint.Estimate(request.Catalog, request.CheckpointPath, request.Backend);
    }
}
