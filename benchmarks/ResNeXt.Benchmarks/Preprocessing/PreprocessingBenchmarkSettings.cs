using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Benchmarks.Preprocessing;

/// <param name="Modes">Values of <see cref="PreprocessingModes"/>, in the order to time them.</param>
/// <param name="Rounds">Each round times both contenders once, in rotating order.</param>
/// <param name="Warmup">Untimed images per image before the timed ones, in single mode.</param>
/// <param name="Iterations">Timed images per image and round in single mode; the round's figure is their median.</param>
/// <param name="BatchImages">Copies of the image per all-cores batch.</param>
/// <param name="Batches">Timed all-cores batches per image and round, after one untimed; the round's figure is their median.</param>
/// <param name="Workers">Threads (ours) and processes (Pillow) in all-cores mode.</param>
/// <param name="Pillow">The Pillow + numpy baseline script.</param>
/// <param name="Allocators">One Pillow contender per allocator setting, the first one also checked for exactness.</param>
/// <param name="PngBackend">Our PNG decoder (the process's choice unless <c>--png-decoder</c> names one).</param>
internal sealed record PreprocessingBenchmarkSettings(
    IReadOnlyList<BenchmarkImage> Images,
    IReadOnlyList<string> Modes,
    int Rounds,
    int Warmup,
    int Iterations,
    int BatchImages,
    int Batches,
    int Workers,
    PythonScript Pillow,
    IReadOnlyList<PillowAllocator> Allocators,
    PngBackend PngBackend)
{
    public IEnumerable<MeasurementKey> Keys => from mode in Modes from image in Images select new MeasurementKey(mode, image.Name);
}
