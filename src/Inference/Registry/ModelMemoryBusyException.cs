namespace ResNeXt.Inference.Registry;

/// <summary>
/// The model fits the byte budget (Models:MaxMemoryBytes) on its own, but the models holding the rest of it are busy, so
/// none could be unloaded for it now. Nothing is recorded against the model: the next request tries again.
/// </summary>
public sealed class ModelMemoryBusyException(string name, long neededBytes, long freeBytes, long budgetBytes, TimeSpan retryAfter)
    : InferenceException("model-memory-busy",
        $"Model '{name}' needs {MemoryBudget.Describe(neededBytes)} but only {MemoryBudget.Describe(freeBytes)} of the " +
        $"{MemoryBudget.Describe(budgetBytes)} budget (Models:MaxMemoryBytes) is free, and the models holding the rest are busy; retry later.")
{
    public string ModelName { get; } = name;

    public override TimeSpan? RetryAfter { get; } = retryAfter;
}
