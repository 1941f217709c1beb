using System.CommandLine;
using System.Globalization;
using ResNeXt.Cli.Commands;
using ResNeXt.Cli.Benchmarking;
using ResNeXt.Cli.Benchmarking.Charts;
using ResNeXt.Benchmarks.Preprocessing;
using ResNeXt.Cli.Output;
using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Benchmarks.Commands;

/// <summary>
/// <c>preprocessing [--images PATH...] [--rounds N] [--modes single all-cores] [--workers N] [--out DIR]</c>:
/// decode + resize + crop + normalise per image, alternating round by round with Pillow + numpy on the same bytes
/// (tests/reference/bench_preprocessing.py, so run it from a clone). Prints medians, min/max, the paired ratios and
/// whether both sides produced the same tensor; writes preprocessing.json and preprocessing.svg to --out. Exits
/// non-zero when the tensors differ, so a speed-up cannot trade exactness away unnoticed.
/// </summary>
internal sealed class PreprocessingBenchCommand : BaseCommand
{
    private const int DefaultRounds = 5;
    private const int DefaultWarmup = 5;
    private const int DefaultIterations = 20;
    private const int DefaultBatchImages = 64;
    private const int DefaultBatches = 3;
    private const string DefaultOutput = "benchmarks/results";
    private const string BaselineScript = "bench_preprocessing.py";
    private const string ReportName = "preprocessing";
    private const int ShortDigest = 12;

    private static readonly Option<string[]> Images = BenchmarkImageOptions.Images(
        "Encoded images to time (unique file names). Default: the generated 500x375 JPEG, 2000x1500 JPEG and 500x375 PNG.");

    private static readonly Option<string> ImageFolder = BenchmarkImageOptions.ImageFolder();

    private static readonly Option<string[]> Modes = new Option<string[]>("--modes")
    {
        Description = "single: one image after another on one thread; all-cores: batches spread over --workers.",
        DefaultValueFactory = _ => [.. PreprocessingModes.All],
        AllowMultipleArgumentsPerToken = true,
    }.AcceptOnlyFromAmong([.. PreprocessingModes.All]);

    private static readonly Option<int> Rounds = new("--rounds") { Description = "Alternating rounds.", DefaultValueFactory = _ => DefaultRounds };

    private static readonly Option<int> Warmup = new("--warmup") { Description = "Untimed images per image and round (single mode).", DefaultValueFactory = _ => DefaultWarmup };

    private static readonly Option<int> Iterations = new("--iterations") { Description = "Timed images per image and round (single mode).", DefaultValueFactory = _ => DefaultIterations };

    private static readonly Option<int> BatchImages = new("--batch") { Description = "Copies of the image per all-cores batch.", DefaultValueFactory = _ => DefaultBatchImages };

    private static readonly Option<int> Batches = new("--batches") { Description = "Timed all-cores batches per image and round (after one untimed).", DefaultValueFactory = _ => DefaultBatches };

    private static readonly Option<int> Workers = new("--workers")
    {
        Description = "Threads (ours) and pool processes (Pillow) in all-cores mode; default: the logical cores.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    private static readonly Option<string[]> PillowMalloc = new Option<string[]>("--pillow-malloc")
    {
        Description = "glibc malloc settings to time Pillow under, one contender each: default (as users run it) and no-trim (freed memory stays mapped).",
        DefaultValueFactory = _ => [.. PillowAllocator.All.Select(a => a.Name)],
        AllowMultipleArgumentsPerToken = true,
    }.AcceptOnlyFromAmong([.. PillowAllocator.All.Select(a => a.Name)]);

    private static readonly Option<string> PngDecoder = new Option<string>("--png-decoder")
    {
        Description = $"Our PNG decoder: {PngDecoding.LibDeflateName} or {PngDecoding.ImageSharpName} (default: what the service uses here).",
    }.AcceptOnlyFromAmong([.. Enum.GetValues<PngBackend>().Select(b => b.ToName())]);

    private static readonly Option<string> Python = new("--python") { Description = "Interpreter with Pillow and numpy.", DefaultValueFactory = _ => PythonScript.DefaultInterpreter };

    private static readonly Option<double?> MinRatio = new("--min-ratio")
    {
        Description = "Exit non-zero when our median throughput over Pillow's falls below this for any image and mode (a smoke check, not a timing test).",
    };

    private static readonly Option<string> Output = new("--out", "-o") { Description = "Folder for preprocessing.json and preprocessing.svg.", DefaultValueFactory = _ => DefaultOutput };

    static PreprocessingBenchCommand()
    {
        PathOptions.Folder(Output);
        OptionChecks.AtLeastOne(Rounds, Iterations, BatchImages, Batches, Workers);
        OptionChecks.NotNegative(Warmup);
        Images.Validators.Add(result =>
        {
            if ((result.GetValueOrDefault<string[]>() ?? []).GroupBy(Path.GetFileName).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
                result.AddError($"--images has two files named '{duplicate.Key}': the baseline reports images by file name.");
        });
        foreach (var option in new[] { Modes, PillowMalloc })
        {
            option.Validators.Add(result =>
            {
                // Tokens, not the value: a name outside the allowed ones has no value, and AcceptOnlyFromAmong reports it.
                var values = result.Tokens.Select(t => t.Value).ToList();
                if (values.Distinct().Count() != values.Count) result.AddError($"{option.Name} names a value twice.");
            });
        }
    }

    public PreprocessingBenchCommand()
        : base("preprocessing", "Time decode + resize + crop + normalise per image against Pillow + numpy on the same bytes.")
    {
        foreach (var option in new Option[] { Images, ImageFolder, Modes, Rounds, Warmup, Iterations, BatchImages, Batches, Workers, PillowMalloc, PngDecoder, Python, MinRatio, Output })
            Options.Add(option);
    }

    protected override Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var script = PythonScript.Locate(parseResult.GetValue(Python)!, BaselineScript);
        var paths = parseResult.GetValue(Images) is { Length: > 0 } given ? given : BenchmarkImageSet.Ensure(parseResult.GetValue(ImageFolder)!, script);
        var pngBackend = parseResult.GetValue(PngDecoder) is { } named
            ? Enum.GetValues<PngBackend>().Single(b => b.ToName() == named)
            : PngDecoding.Backend;
        if (pngBackend == PngBackend.LibDeflate && PngDecoding.UnavailableReason is { } pngReason)
        {
            stderr.WriteLine($"error: {pngReason}");
            return Task.FromResult(ExitCodes.Usage);
        }
        var preprocessor = new ImagePreprocessor();
        var settings = new PreprocessingBenchmarkSettings([.. paths.Select(p => BenchmarkImage.Load(p, preprocessor))],
            parseResult.GetValue(Modes)!, parseResult.GetValue(Rounds), parseResult.GetValue(Warmup), parseResult.GetValue(Iterations),
            parseResult.GetValue(BatchImages), parseResult.GetValue(Batches), parseResult.GetValue(Workers), script,
            [.. PillowAllocator.All.Where(a => parseResult.GetValue(PillowMalloc)!.Contains(a.Name))], pngBackend);
        if (JpegDecoding.UnavailableReason is { } reason)
            stderr.WriteLine($"warning: {reason}");
        var report = PreprocessingBenchmark.Run(settings, stdout);
        Print(stdout, report);
        Save(parseResult.GetValue(Output)!, report, stdout);
        var exitCode = ExitCodes.Success;
        if (!report.AllExact)
        {
            stderr.WriteLine("error: our tensors differ from Pillow + numpy's for " +
                string.Join(", ", report.Exactness.Where(e => !e.Identical).Select(e => Invariant($"{e.Image} (max |diff| {e.MaxAbsDifference:G4})"))) + ".");
            exitCode = ExitCodes.Unexpected;
        }
        if (parseResult.GetValue(MinRatio) is { } bound && report.Ratios.Any(r => r.Ratio.Median < bound))
        {
            stderr.WriteLine(Invariant($"error: a median ratio is below --min-ratio {bound}."));
            exitCode = ExitCodes.Unexpected;
        }
        return Task.FromResult(exitCode);
    }

    private static void Print(TextWriter output, PreprocessingBenchmarkReport report)
    {
        output.WriteLine(Invariant($"preprocessing, {report.Rounds} rounds; single: {report.Warmup} warm-up + {report.Iterations} timed per image; all-cores: {report.Workers} workers, {report.Batches} batches of {report.BatchImages}"));
        output.WriteLine(Invariant($"{report.Machine.Processor}, {report.Machine.LogicalCores} cores; load average {report.Machine.LoadAverage} -> {report.LoadAverageAfter}; ours: JPEG via {report.JpegBackend}, PNG via {report.PngBackend}; baseline: {report.Baseline}"));
        foreach (var result in report.Results)
            output.WriteLine(Invariant($"  {result.Mode,-9} {result.Image,-22} {result.Contender,-34} {result.MillisecondsPerImage.Median,8:F3} ms/image (min {result.MillisecondsPerImage.Min:F3}, max {result.MillisecondsPerImage.Max:F3}); {result.ImagesPerSecond.Median,8:F1} img/s"));
        foreach (var ratio in report.Ratios)
            output.WriteLine(Invariant($"  {ratio.Mode,-9} {ratio.Image,-22} {ratio.Numerator} / {ratio.Denominator}: {ratio.Ratio.Median:F2}x (rounds {ratio.Ratio.Min:F2}-{ratio.Ratio.Max:F2})"));
        foreach (var check in report.Exactness)
        {
            var verdict = check.Identical
                ? $"identical (sha256 {check.Sha256[..ShortDigest]}...)"
                : Invariant($"DIFFERENT: {check.DifferingValues} floats, max |diff| {check.MaxAbsDifference:G4} (sha256 {check.Sha256[..ShortDigest]}... vs {check.PillowSha256[..Math.Min(ShortDigest, check.PillowSha256.Length)]}...)");
            output.WriteLine($"  exactness {check.Image}: {verdict}");
        }
    }

    private static void Save(string folder, PreprocessingBenchmarkReport report, TextWriter output) =>
        ReportFiles.Save(folder, ReportName + ".json", ReportName + ".svg", report,
            SvgBarChart.Render(PreprocessingChart.Title, PreprocessingChart.Panels(report)), output);

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
