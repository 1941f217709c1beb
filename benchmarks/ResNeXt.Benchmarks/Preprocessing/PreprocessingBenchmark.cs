using System.Globalization;
using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Benchmarks.Preprocessing;

/// <summary>
/// Preprocessing (decode, resize, crop, normalise) of the service against Pillow + numpy on the same encoded bytes,
/// alternating the two round by round so slow phases of a shared machine spread over both, then checking once per
/// image that both produced the same tensor.
/// </summary>
internal static class PreprocessingBenchmark
{
    private const double MillisecondsPerSecond = 1000;

    public static PreprocessingBenchmarkReport Run(PreprocessingBenchmarkSettings settings, TextWriter progress)
    {
        var startedAt = DateTimeOffset.Now;
        var machine = MachineInfo.Current();
        var dump = Directory.CreateTempSubdirectory("resnext-bench-preprocessing-");
        try
        {
            var ours = new ImagePreprocessorContender(settings);
            var baselines = settings.Allocators
                .Select(allocator => new PillowContender(settings, allocator, dump.CreateSubdirectory(allocator.Name).FullName))
                .ToList();
            List<IPreprocessingContender> contenders = [ours, .. baselines];
            var rounds = contenders.ToDictionary(c => c.Name, _ => new List<IReadOnlyDictionary<MeasurementKey, double[]>>());
            for (var round = 0; round < settings.Rounds; round++)
            {
                foreach (var contender in RoundOrder.Rotate(contenders, round))
                {
                    var times = contender.MeasureRound();
                    rounds[contender.Name].Add(times);
                    progress.WriteLine(Invariant($"round {round + 1}/{settings.Rounds} {contender.Name}: ") +
                        string.Join(", ", times.Select(t => Invariant($"{t.Key.Mode} {t.Key.Image} {Spread.MedianOf(t.Value) * MillisecondsPerSecond:F2} ms"))));
                }
            }
            // The allocator changes no pixel, so the first baseline's tensors stand for all of them.
            var reference = baselines[0];
            var exactness = settings.Images
                .Select(image => ExactnessResult.Compare(image.Name, ours.Tensor(image), ExactnessResult.ReadDump(reference.DumpPath(image)), reference.Sha256[image.Name]))
                .ToList();
            var keys = settings.Keys.ToList();
            return new PreprocessingBenchmarkReport(settings.Images, settings.Modes, settings.Rounds, settings.Warmup, settings.Iterations,
                settings.BatchImages, settings.Batches, settings.Workers, startedAt, machine, MachineInfo.CurrentLoadAverage(),
                JpegDecoding.Backend.ToString(), settings.PngBackend.ToName(), reference.Versions, [.. settings.Allocators.Select(a => a.Name)],
                [.. contenders.SelectMany(c => Summarise(c.Name, rounds[c.Name], keys))],
                [.. baselines.SelectMany(b => Ratios(ours.Name, rounds[ours.Name], b.Name, rounds[b.Name], keys))],
                exactness);
        }
        finally
        {
            dump.Delete(recursive: true);
        }
    }

    /// <summary>Per mode and image, the spread over rounds of each round's median.</summary>
    public static IEnumerable<PreprocessingResult> Summarise(
        string contender, IReadOnlyList<IReadOnlyDictionary<MeasurementKey, double[]>> rounds, IEnumerable<MeasurementKey> keys) =>
        keys.Select(key =>
        {
            var perRound = rounds.Select(r => Spread.MedianOf(r[key])).ToList();
            return new PreprocessingResult(contender, key.Mode, key.Image,
                Spread.Of(perRound.Select(s => s * MillisecondsPerSecond)), Spread.Of(perRound.Select(s => 1 / s)));
        });

    /// <summary><paramref name="numerator"/>'s throughput over <paramref name="denominator"/>'s, paired round by round.</summary>
    public static IEnumerable<PreprocessingRatio> Ratios(
        string numerator, IReadOnlyList<IReadOnlyDictionary<MeasurementKey, double[]>> mine,
        string denominator, IReadOnlyList<IReadOnlyDictionary<MeasurementKey, double[]>> theirs, IEnumerable<MeasurementKey> keys)
    {
        if (mine.Count != theirs.Count)
            throw new ArgumentException($"Ratios pair rounds: {mine.Count} rounds of {numerator} against {theirs.Count} of {denominator}.", nameof(theirs));
        return keys.Select(key => new PreprocessingRatio(numerator, denominator, key.Mode, key.Image,
            Spread.Of(mine.Zip(theirs, (m, t) => Spread.MedianOf(t[key]) / Spread.MedianOf(m[key]))))).ToList();
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
