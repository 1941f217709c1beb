namespace ResNeXt.Benchmarks.Preprocessing;

/// <param name="JpegBackend">Which decoder our side used for JPEGs; anything but TurboJpeg makes the comparison moot.</param>
/// <param name="PngBackend">Which decoder our side used for PNGs (libdeflate, or ImageSharp without it).</param>
/// <param name="Baseline">The Python side's library versions.</param>
/// <param name="Allocators">The <see cref="PillowAllocator"/> settings timed, one Pillow contender each.</param>
/// <param name="LoadAverageAfter">Compare with <see cref="MachineInfo.LoadAverage"/> (taken before) to judge contention.</param>
internal sealed record PreprocessingBenchmarkReport(
    IReadOnlyList<BenchmarkImage> Images,
    IReadOnlyList<string> Modes,
    int Rounds,
    int Warmup,
    int Iterations,
    int BatchImages,
    int Batches,
    int Workers,
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    string LoadAverageAfter,
    string JpegBackend,
    string PngBackend,
    string Baseline,
    IReadOnlyList<string> Allocators,
    IReadOnlyList<PreprocessingResult> Results,
    IReadOnlyList<PreprocessingRatio> Ratios,
    IReadOnlyList<ExactnessResult> Exactness)
{
    public bool AllExact => Exactness.All(e => e.Identical);
}
