using System.CommandLine;
using System.Globalization;
using ResNeXt.Cli.Benchmarking;
using ResNeXt.Cli.LoadTesting;
using ResNeXt.Cli.Output;

namespace ResNeXt.Cli.Commands;

/// <summary>
/// <c>resnext loadtest --image FILE [--url URL] [--model NAME] [--scenario offline|server] [--concurrency 1 2 4 …]
/// [--duration S | --requests N] [--p99-ms MS] [--engine-json PATH] [--out DIR]</c>: MLPerf-style load against a running
/// service. Prints each load level and the issue 5 targets; writes NAME.json and the SVG charts to --out.
/// </summary>
internal sealed class LoadTestCommand : BaseCommand
{
    private const string DefaultUrl = "http://127.0.0.1:8080";
    /// <summary>A folder of the current directory: the shipped CLI assumes no repository around it.</summary>
    private const string DefaultOutput = "loadtest-results";
    private const string DefaultName = "load";
    private const double DefaultDurationSeconds = 10;
    private const double DefaultWarmupSeconds = 2;
    private const double DefaultServerDurationSeconds = 10;
    private const double DefaultTimeoutSeconds = 60;
    private const int DefaultSearchSteps = 6;
    private const int DefaultMinQueries = 100;
    private const int DefaultSeed = 20240601;

    private static readonly Option<string> Url = new("--url")
    {
        Description = "Base address of the running service.",
        DefaultValueFactory = _ => DefaultUrl,
    };

    private static readonly Option<FileInfo> Image = new("--image", "-i")
    {
        Description = "Image sent as every predict request's raw body (Content-Type from its extension).",
        HelpName = "file",
        Required = true,
    };

    private static readonly Option<LoadScenario> Scenario = new("--scenario")
    {
        Description = "offline: closed loop per concurrency. server: the offline sweep, then a p99-bounded search over Poisson arrival rates and a run at --load-fraction of the offline maximum.",
        DefaultValueFactory = _ => LoadScenario.Offline,
    };

    private static readonly Option<int[]> Concurrency = new("--concurrency", "-c")
    {
        Description = "Concurrent requests per offline point.",
        DefaultValueFactory = _ => [1, 2, 4, 8, 16, 32],
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<double> Duration = new("--duration") { Description = "Seconds per offline point.", DefaultValueFactory = _ => DefaultDurationSeconds };

    private static readonly Option<int?> Requests = new("--requests") { Description = "Requests per offline point instead of --duration." };

    private static readonly Option<double> Warmup = new("--warmup") { Description = "Untimed seconds of load before each offline point, at its concurrency.", DefaultValueFactory = _ => DefaultWarmupSeconds };

    private static readonly Option<double?> P99Ms = new("--p99-ms") { Description = "p99 bound of the server search (default: 3x the concurrency-1 median latency)." };

    private static readonly Option<double> LoadFraction = new("--load-fraction") { Description = "Fraction of the offline maximum offered after the search.", DefaultValueFactory = _ => LoadTest.DefaultLoadFraction };

    private static readonly Option<int> SearchSteps = new("--search-steps") { Description = "Bisection steps between 0 and the offline maximum.", DefaultValueFactory = _ => DefaultSearchSteps };

    private static readonly Option<double> ServerDuration = new("--server-duration") { Description = "Seconds of Poisson arrivals per server point ...", DefaultValueFactory = _ => DefaultServerDurationSeconds };

    private static readonly Option<int> MinQueries = new("--min-queries") { Description = "... but at least this many requests, so p99 rests on enough samples.", DefaultValueFactory = _ => DefaultMinQueries };

    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the Poisson arrivals.", DefaultValueFactory = _ => DefaultSeed };

    private static readonly Option<double> Timeout = new("--timeout") { Description = "Seconds before a request counts as a Timeout error.", DefaultValueFactory = _ => DefaultTimeoutSeconds };

    private static readonly Option<string?> EngineJson = new("--engine-json")
    {
        Description = "engine.json from 'resnext bench engine' on the same checkpoint and threads: prints the service/engine throughput ratio.",
        HelpName = "path",
    };

    private static readonly Option<int?> EngineBatch = new("--engine-batch") { Description = "Engine batch size to compare with (default: the service's Batching:MaxBatchSize)." };

    private static readonly Option<string> OutputName = new("--name") { Description = "File stem of the outputs: NAME.json, NAME-throughput.svg, NAME-latency.svg, NAME-server.svg.", DefaultValueFactory = _ => DefaultName };

    private static readonly Option<string> Output = new("--out", "-o") { Description = "Folder for the JSON report and the charts.", DefaultValueFactory = _ => DefaultOutput };

    static LoadTestCommand()
    {
        Url.Validators.Add(result =>
        {
            if (!CommonOptions.IsHttpUrl(result.GetValueOrDefault<string>()))
                result.AddError($"--url must be an absolute http(s) URL, not '{result.GetValueOrDefault<string>()}'.");
        });
        PathOptions.InputFile(Image, "an image file", mustExist: true);
        OptionChecks.DistinctSizes(Concurrency);
        PathOptions.Folder(Output);
        OptionChecks.Seconds(allowZero: false, Duration, ServerDuration, Timeout);
        OptionChecks.Seconds(allowZero: true, Warmup);
        OptionChecks.Check(LoadFraction, fraction => fraction is > 0 and <= 1 ? null : "--load-fraction must be in (0, 1].");
        OptionChecks.AtLeastOne(SearchSteps, MinQueries);
        OptionChecks.AtLeastOne(Requests, EngineBatch);
        OptionChecks.Check(P99Ms, ms => ms is not { } bound || bound is > 0 && bound <= OptionChecks.MaxSeconds * 1000 ? null
            : $"--p99-ms must be more than 0 and at most {(OptionChecks.MaxSeconds * 1000).ToString(CultureInfo.InvariantCulture)}.");
        EngineJson.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } path && !File.Exists(path)) result.AddError($"--engine-json '{path}' does not exist.");
        });
    }

    public LoadTestCommand()
        : base("loadtest", "MLPerf-style offline and server scenarios against a running service (see docs/benchmarks.md).")
    {
        foreach (var option in new Option[]
        {
            Url, CommonOptions.Model, Image, Scenario, Concurrency, Duration, Requests, Warmup, P99Ms, LoadFraction, SearchSteps,
            ServerDuration, MinQueries, Seed, Timeout, EngineJson, EngineBatch, OutputName, Output,
        })
        {
            Options.Add(option);
        }
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var settings = Bind(parseResult);
        var image = await File.ReadAllBytesAsync(settings.ImagePath, cancellationToken);
        using var client = new HttpClient { Timeout = settings.RequestTimeout };
        var target = new ServiceTarget(client, settings.Url, settings.Model, image, ImageContentTypes.For(settings.ImagePath));
        LoadTestReport report;
        try
        {
            report = await LoadTest.RunAsync(settings, target, stdout, cancellationToken);
        }
        catch (LoadTestException error)
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync($"error: {error.Message}");
            return error.ExitCode;
        }
        Print(stdout, report);
        Save(parseResult.GetValue(Output)!, parseResult.GetValue(OutputName)!, report, stdout);
        return ExitCodes.Success;
    }

    private static LoadTestSettings Bind(ParseResult parseResult) => new(
        new Uri(parseResult.GetValue(Url)!),
        parseResult.GetValue(CommonOptions.Model)!,
        Path.GetFullPath(parseResult.GetValue(Image)!.FullName),
        parseResult.GetValue(Scenario),
        parseResult.GetValue(Concurrency)!,
        TimeSpan.FromSeconds(parseResult.GetValue(Duration)),
        parseResult.GetValue(Requests),
        TimeSpan.FromSeconds(parseResult.GetValue(Warmup)),
        parseResult.GetValue(P99Ms),
        parseResult.GetValue(LoadFraction),
        parseResult.GetValue(SearchSteps),
        TimeSpan.FromSeconds(parseResult.GetValue(ServerDuration)),
        parseResult.GetValue(MinQueries),
        parseResult.GetValue(Seed),
        TimeSpan.FromSeconds(parseResult.GetValue(Timeout)),
        parseResult.GetValue(EngineJson) is { } engineJson ? Path.GetFullPath(engineJson) : null,
        parseResult.GetValue(EngineBatch));

    private static void Print(TextWriter output, LoadTestReport report)
    {
        output.WriteLine(Invariant($"{report.Settings.Model} at {report.Settings.Url}; {report.Machine.Processor}, {report.Machine.LogicalCores} cores; load average {report.Machine.LoadAverage} -> {report.LoadAverageAfter}"));
        var best = report.Offline.MaxBy(p => p.ImagesPerSecond)!;
        output.WriteLine(Invariant($"  offline maximum: {report.OfflineMaxImagesPerSecond:F2} img/s at concurrency {best.Concurrency}, mean batch {Format(best.MeanBatchSize)}"));
        if (report.Batch1LatencyMs is { } batch1)
            output.WriteLine(Invariant($"  batch-1 latency (concurrency 1, median): {batch1:F1} ms"));
        if (report.Server is { } server)
        {
            output.WriteLine(server.MaxRateMeetingBound is { } rate
                ? Invariant($"  server: highest rate with p99 <= {server.P99BoundMs:F1} ms and no error: {rate:F2} req/s ({rate / server.UpperRate * 100:F0}% of offline max)")
                : Invariant($"  server: no probed rate met p99 <= {server.P99BoundMs:F1} ms without errors"));
            var p99 = server.AtLoadFraction.LatencyMs?.P99;
            output.WriteLine(Invariant($"  target p99 at {server.LoadFraction * 100:F0}% of offline max <= {LoadTest.LatencyMultiple}x batch-1 latency: {Format(p99)} ms vs {server.TargetP99Ms:F1} ms -> {Verdict(server.AtLoadFractionMeetsTarget)}"));
            if (server.IdealFifoP99Ms is { } ideal && report.Batch1LatencyMs is { } batchOne)
                output.WriteLine(Invariant($"  {LoadTest.DescribeIdealFifo(server.ImageMs, ideal)} = {ideal / batchOne:F2}x batch-1 latency"));
        }
        if (report.Engine is { } comparison)
            output.WriteLine(Invariant($"  target service/engine throughput at batch {comparison.Engine.BatchSize} >= {comparison.Target}: {comparison.ServiceImagesPerSecond:F2} / {comparison.Engine.ImagesPerSecond:F2} img/s = {comparison.Ratio:F2}x (engine {comparison.Engine.Threads} threads) -> {Verdict(comparison.MeetsTarget)}"));
        output.WriteLine(Invariant($"  target zero errors: {report.TotalErrors} -> {Verdict(report.TotalErrors == 0)}"));
    }

    private static void Save(string folder, string name, LoadTestReport report, TextWriter output)
    {
        Directory.CreateDirectory(folder);
        var json = Path.Combine(folder, name + ".json");
        using (var writer = new StreamWriter(json))
            CliJson.Write(writer, report);
        List<string> written = [json];
        void Chart(string suffix, string svg)
        {
            var path = Path.Combine(folder, $"{name}-{suffix}.svg");
            File.WriteAllText(path, svg);
            written.Add(path);
        }
        Chart("throughput", LoadTestCharts.Throughput(report));
        Chart("latency", LoadTestCharts.Latency(report));
        if (report.Server is { } server)
            Chart("server", LoadTestCharts.ServerSearch(report, server));
        output.WriteLine($"wrote {string.Join(", ", written)}");
    }

    private static string Verdict(bool met) => met ? "met" : "NOT met";

    private static string Format(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "n/a";

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
