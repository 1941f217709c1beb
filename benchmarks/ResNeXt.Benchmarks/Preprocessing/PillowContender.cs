using System.Globalization;
using System.Text.Json;

namespace ResNeXt.Benchmarks.Preprocessing;

/// <summary>
/// Pillow + numpy (tests/reference/bench_preprocessing.py) on the same encoded files. A fresh Python process per round
/// (its pool started before timing) keeps the two runtimes apart; every round also writes the script's tensors into
/// <paramref name="dumpFolder"/> for the exactness check.
/// </summary>
internal sealed class PillowContender(PreprocessingBenchmarkSettings settings, PillowAllocator allocator, string dumpFolder) : IPreprocessingContender
{
    public string Name => allocator.ContenderName;

    /// <summary>"Pillow 9.4.0, numpy 1.24.2, libjpeg-turbo 2.1.5", known after the first round.</summary>
    public string Versions { get; private set; } = "";

    /// <summary>Per image name, the sha256 of the last round's tensor (little-endian float32, CHW).</summary>
    public IReadOnlyDictionary<string, string> Sha256 { get; private set; } = new Dictionary<string, string>();

    public string DumpPath(BenchmarkImage image) => Path.Combine(dumpFolder, image.Name + ".f32");

    public IReadOnlyDictionary<MeasurementKey, double[]> MeasureRound()
    {
        var result = settings.Pillow.Run(Arguments(), allocator.Environment);
        Versions = $"Pillow {Text(result, "pillow")}, numpy {Text(result, "numpy")}, libjpeg-turbo {Text(result, "libjpeg_turbo")}";
        Sha256 = result.GetProperty("sha256").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
        var modes = result.GetProperty("modes");
        return settings.Keys.ToDictionary(key => key, key => Seconds(modes.GetProperty(key.Mode).GetProperty(key.Image)));
    }

    private IEnumerable<string> Arguments() =>
    [
        "--images", .. settings.Images.Select(i => i.Path),
        "--modes", .. settings.Modes,
        "--warmup", Invariant(settings.Warmup), "--iterations", Invariant(settings.Iterations),
        "--batch", Invariant(settings.BatchImages), "--batches", Invariant(settings.Batches),
        "--workers", Invariant(settings.Workers), "--dump", dumpFolder,
    ];

    private static string Text(JsonElement result, string property) =>
        result.GetProperty(property).ValueKind == JsonValueKind.String ? result.GetProperty(property).GetString()! : "unknown";

    private static double[] Seconds(JsonElement values) => [.. values.EnumerateArray().Select(v => v.GetDouble())];

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
