namespace ResNeXt.Inference.Registry;

/// <summary>A model that would not fit the byte budget (Models:MaxMemoryBytes) even with every other model unloaded.</summary>
public sealed class ModelTooLargeException(string name, long neededBytes, MemoryBudget budget)
    : InferenceException("model-too-large", Describe(name, neededBytes, budget))
{
    public string ModelName { get; } = name;

    // A configured budget is the key itself, so naming it as its own source too said the same thing twice; a derived one
    // names the limit it is a share of, which is what to raise unless the key is set.
    private static string Describe(string name, long neededBytes, MemoryBudget budget) =>
        $"Model '{name}' needs {MemoryBudget.Describe(neededBytes)} of memory but " + (budget.IsConfigured
            ? $"the budget {MemoryBudget.ConfiguredSource} is {MemoryBudget.Describe(budget.Bytes)}; raise it."
            : $"the memory budget is {MemoryBudget.Describe(budget.Bytes)} ({budget.Source}); raise that limit, or set " +
              $"{MemoryBudget.ConfiguredSource} to give models more of it.");
}
