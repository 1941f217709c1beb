namespace ResNeXt.Inference.Registry;

/// <summary>A model that would not fit the byte budget (Models:MaxMemoryBytes) even with every other model unloaded.</summary>
public sealed class ModelTooLargeException(string name, long neededBytes, MemoryBudget budget)
    : InferenceException("model-too-large",
        $"Model '{name}' needs {MemoryBudget.Describe(neededBytes)} of memory but the budget Models:MaxMemoryBytes is " +
        $"{MemoryBudget.Describe(budget.Bytes)} ({budget.Source}); raise it, or the container's memory limit.")
{
    public string ModelName { get; } = name;
}
