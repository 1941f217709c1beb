namespace ResNeXt.Inference.Registry;

/// <summary>What is loaded now, and the controls hosts need over it.</summary>
public interface IModelRegistry
{
    /// <summary>Every catalogue model plus extra checkpoints found in the models directory, sorted by name.</summary>
    IReadOnlyList<ModelStatus> List();

    /// <exception cref="ModelNotFoundException">Unknown name.</exception>
    ModelStatus Get(string name);

    /// <summary>Loads (or reloads) a model and waits until it is ready.</summary>
    Task<ModelStatus> LoadAsync(string name, CancellationToken cancellationToken);

    /// <summary>Stops accepting work for the model, finishes what it accepted, and frees it.</summary>
    Task<ModelStatus> UnloadAsync(string name, CancellationToken cancellationToken);

    /// <summary>The model used when a caller names none (Models:DefaultModel).</summary>
    string DefaultModel { get; }

    /// <summary>True when the preloaded models are ready and the service is neither stopping nor draining.</summary>
    bool IsReady { get; }

    /// <summary>
    /// Readiness turns false at once while every model keeps serving, so a load balancer can take the instance out of
    /// rotation before anything is refused. <see cref="DrainAsync"/> later stops the work itself.
    /// </summary>
    void StopReadiness();

    /// <summary>Readiness turns false at once; every accepted request completes before the task does.</summary>
    Task DrainAsync(CancellationToken cancellationToken);
}
