namespace ResNeXt.Benchmarks.Preprocessing;

/// <summary>How the images are spread over the cores; the names are the Python script's <c>--modes</c> values too.</summary>
internal static class PreprocessingModes
{
    /// <summary>One image after another on one thread: the latency a request pays, and the per-core cost.</summary>
    public const string Single = "single";

    /// <summary>A batch of copies over every worker at once: the throughput of a busy service or a data loader.</summary>
    public const string AllCores = "all-cores";

    public static IReadOnlyList<string> All { get; } = [Single, AllCores];
}
