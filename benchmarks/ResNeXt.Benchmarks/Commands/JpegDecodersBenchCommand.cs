using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ResNeXt.Benchmarks.Preprocessing;
using ResNeXt.Cli.Commands;
using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Benchmarks.Commands;

/// <summary>
/// <c>jpeg-decoders [--images PATH...] [--rounds N] [--iterations N] [--json]</c>: the decode step alone (header read,
/// JPEG decode to RGB, EXIF orientation), libjpeg-turbo against the managed LibJpeg.NET fallback, alternating round by
/// round on the same bytes, one thread. Also checks that both give the same pixels, and exits non-zero when they do not.
/// </summary>
internal sealed class JpegDecodersBenchCommand : BaseCommand
{
    private const int DefaultRounds = 5;
    private const int DefaultIterations = 20;
    private const int WarmupDecodes = 3;
    private const string BaselineScript = "bench_preprocessing.py";

    private static readonly Option<string[]> Images =
        BenchmarkImageOptions.Images("JPEGs to decode. Default: the generated 500x375 and 2000x1500 benchmark JPEGs (see preprocessing).");

    private static readonly Option<string> ImageFolder = BenchmarkImageOptions.ImageFolder();

    private static readonly Option<int> Rounds = new("--rounds") { Description = "Alternating rounds.", DefaultValueFactory = _ => DefaultRounds };

    private static readonly Option<int> Iterations = new("--iterations") { Description = "Timed decodes per image, decoder and round.", DefaultValueFactory = _ => DefaultIterations };

    private static readonly Option<string> Python = new("--python") { Description = "Interpreter that generates the default images.", DefaultValueFactory = _ => PythonScript.DefaultInterpreter };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the results as JSON." };

    static JpegDecodersBenchCommand()
    {
        OptionChecks.AtLeastOne(Rounds, Iterations);
    }

    public JpegDecodersBenchCommand()
        : base("jpeg-decoders", "Time libjpeg-turbo against the managed LibJpeg.NET fallback on the same JPEGs, and check they agree.")
    {
        foreach (var option in new Option[] { Images, ImageFolder, Rounds, Iterations, Python, Json })
            Options.Add(option);
    }

    protected override Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var paths = parseResult.GetValue(Images) is { Length: > 0 } given
            ? given
            : [.. BenchmarkImageSet.Ensure(parseResult.GetValue(ImageFolder)!, PythonScript.Locate(parseResult.GetValue(Python)!, BaselineScript))
                .Where(p => p.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase))];
        JpegBackend[] decoders = [JpegBackend.TurboJpeg, JpegBackend.LibJpegNet];
        if (JpegDecoding.UnavailableReason is { } reason)
        {
            stderr.WriteLine($"warning: {reason} Only libjpeg.net is timed.");
            decoders = [JpegBackend.LibJpegNet];
        }

        int rounds = parseResult.GetValue(Rounds), iterations = parseResult.GetValue(Iterations);
        var machine = MachineInfo.Current();
        var results = new List<JpegDecoderResult>();
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.AddRange(Measure(path, decoders, rounds, iterations));
        }

        if (parseResult.GetValue(Json))
        {
            CliJson.Write(stdout, new JpegDecodersReport(machine, MachineInfo.CurrentLoadAverage(), rounds, iterations, results));
        }
        else
        {
            stdout.WriteLine(Invariant($"jpeg-decoders: {rounds} rounds x {iterations} decodes, one thread; {machine.Processor}, {machine.LogicalCores} cores; load {machine.LoadAverage} -> {MachineInfo.CurrentLoadAverage()}"));
            foreach (var r in results)
            {
                var ratio = r.SlowerThanTurbo is { } s ? Invariant($"; {s.Median:F2}x libjpeg-turbo's time (rounds {s.Min:F2}-{s.Max:F2})") : "";
                stdout.WriteLine(Invariant($"  {r.Image,-28} {r.Width}x{r.Height,-5} {r.Decoder,-14} {r.MillisecondsPerImage.Median,8:F3} ms (min {r.MillisecondsPerImage.Min:F3}, max {r.MillisecondsPerImage.Max:F3}){ratio}; same pixels: {r.SamePixelsAsTurbo}"));
            }
        }
        if (results.Any(r => !r.SamePixelsAsTurbo))
        {
            stderr.WriteLine("error: libjpeg.net's pixels differ from libjpeg-turbo's for " +
                string.Join(", ", results.Where(r => !r.SamePixelsAsTurbo).Select(r => r.Image)) + ".");
            return Task.FromResult(ExitCodes.Unexpected);
        }
        return Task.FromResult(ExitCodes.Success);
    }

    private static IEnumerable<JpegDecoderResult> Measure(string path, JpegBackend[] backends, int rounds, int iterations)
    {
        var bytes = File.ReadAllBytes(path);
        var decoders = backends.Select(b => new ImageDecoder(ImagePreprocessor.DefaultMaxPixels, b, PngDecoding.Backend)).ToArray();
        var pixels = decoders.Select(d => Pixels(d, bytes)).ToArray();
        var (width, height) = Size(decoders[0], bytes);
        var times = decoders.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < rounds; round++)
        {
            foreach (var index in RoundOrder.Rotate([.. Enumerable.Range(0, decoders.Length)], round))
            {
                for (int i = 0; i < WarmupDecodes; i++) decoders[index].Decode(bytes).Dispose();
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < iterations; i++) decoders[index].Decode(bytes).Dispose();
                times[index].Add(clock.Elapsed.TotalMilliseconds / iterations);
            }
        }
        var name = Path.GetFileName(path);
        for (int d = 0; d < decoders.Length; d++)
        {
            var slower = backends[0] == JpegBackend.TurboJpeg && d > 0 ? Spread.Of(times[d].Zip(times[0], (a, b) => a / b)) : null;
            yield return new JpegDecoderResult(name, width, height, backends[d].ToName(), Spread.Of(times[d]), slower,
                pixels[d].AsSpan().SequenceEqual(pixels[0]));
        }
    }

    private static byte[] Pixels(ImageDecoder decoder, byte[] bytes)
    {
        using var image = decoder.Decode(bytes);
        return image.Pixels.ToArray();
    }

    private static (int Width, int Height) Size(ImageDecoder decoder, byte[] bytes)
    {
        using var image = decoder.Decode(bytes);
        return (image.Width, image.Height);
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
