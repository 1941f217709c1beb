using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace ResNeXt.Cli.Tests.LoadTesting;

/// <summary>
/// <c>resnext loadtest</c> end to end against <see cref="FakeService"/> over real HTTP: counts, error classification,
/// the mean batch size from /metrics, the engine ratio, the server scenario's shape and the files written. No timing
/// is asserted; runs are bounded by request counts.
/// </summary>
public sealed class LoadTestCommandTests : IDisposable
{
    private const string Model = "fake-model";
    private const int RequestsPerPoint = 20;
    private const double EngineImagesPerSecond = 250;

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("resnext-loadtest-");
    private readonly string image;

    public LoadTestCommandTests()
    {
        image = Path.Combine(directory.FullName, "image.png");
        File.WriteAllBytes(image, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
    }

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public async Task OfflineRunCountsEveryRequestAndClassifiesItsErrors()
    {
        // Arrival numbers decide the answer, so the totals are fixed however the concurrent workers interleave:
        // per 20 requests 4 get 503 (multiples of 5) and 2 a broken-off body (other multiples of 7).
        await using var service = new FakeService(Model, n => n % 5 == 0 ? PredictAnswer.WithStatus(HttpStatusCode.ServiceUnavailable)
            : n % 7 == 0 ? PredictAnswer.Truncated : PredictAnswer.Ok);
        var engineJson = WriteEngineJson(batchSize: 4);

        var run = await CliRunner.RunAsync("loadtest", "--url", service.BaseUrl, "--model", Model, "--image", image,
            "--concurrency", "1", "4", "--requests", Invariant(RequestsPerPoint), "--warmup", "0",
            "--engine-json", engineJson, "--out", directory.FullName, "--name", "offline");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal(2 * RequestsPerPoint, service.Predictions);
        using var report = ReadReport("offline");
        var points = report.RootElement.GetProperty("offline").EnumerateArray().ToList();
        Assert.Equal([1, 4], points.Select(p => p.GetProperty("concurrency").GetInt32()));
        foreach (var point in points)
        {
            Assert.Equal(RequestsPerPoint, point.GetProperty("requests").GetInt32());
            Assert.Equal(14, point.GetProperty("succeeded").GetInt32());
            var errors = point.GetProperty("errors");
            Assert.Equal(4, errors.GetProperty("byStatus").GetProperty("503").GetInt32());
            var exceptions = errors.GetProperty("exceptions").EnumerateObject().ToList();
            Assert.Equal(2, exceptions.Sum(e => e.Value.GetInt32()));
            Assert.All(exceptions, e => Assert.NotEqual("Timeout", e.Name));
            Assert.Equal(6, errors.GetProperty("total").GetInt32());
            Assert.Equal(FakeService.ImagesPerBatch, point.GetProperty("meanBatchSize").GetDouble());
            Assert.Equal(FakeService.PassSeconds * 1000, point.GetProperty("meanPassMs").GetDouble(), 9);
            var latency = point.GetProperty("latencyMs");
            Assert.True(latency.GetProperty("p50").GetDouble() <= latency.GetProperty("p99").GetDouble());
            Assert.True(latency.GetProperty("p99").GetDouble() <= latency.GetProperty("max").GetDouble());
        }
        Assert.Equal(12, report.RootElement.GetProperty("totalErrors").GetInt32());
        Assert.Equal("image/png", report.RootElement.GetProperty("contentType").GetString());
        Assert.Equal(4, report.RootElement.GetProperty("service").GetProperty("batching").GetProperty("maxBatchSize").GetInt32());

        var engine = report.RootElement.GetProperty("engine");
        Assert.Equal(4, engine.GetProperty("engine").GetProperty("batchSize").GetInt32());
        Assert.Equal(EngineImagesPerSecond, engine.GetProperty("engine").GetProperty("imagesPerSecond").GetDouble());
        var offlineMax = report.RootElement.GetProperty("offlineMaxImagesPerSecond").GetDouble();
        Assert.Equal(offlineMax / EngineImagesPerSecond, engine.GetProperty("ratio").GetDouble(), 9);

        Assert.Contains("503 x4", run.Output);
        Assert.Contains("target zero errors: 12 -> NOT met", run.Output);
        Assert.Contains("target service/engine throughput at batch 4", run.Output);
        AssertCharts("offline", "throughput", "latency");
        Assert.False(File.Exists(Path.Combine(directory.FullName, "offline-server.svg")));
    }

    [Fact]
    public async Task ServerScenarioCalibratesSearchesAndRunsAtTheLoadFraction()
    {
        await using var service = new FakeService(Model, _ => PredictAnswer.Ok);
        const int steps = 2;
        const int minQueries = 5;

        var run = await CliRunner.RunAsync("loadtest", "--url", service.BaseUrl, "--model", Model, "--image", image,
            "--scenario", "server", "--concurrency", "2", "--requests", "10", "--warmup", "0", "--search-steps", Invariant(steps),
            "--server-duration", "0.1", "--min-queries", Invariant(minQueries), "--out", directory.FullName, "--name", "server");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var report = ReadReport("server");
        // Concurrency 1 is measured first although not asked for: it gives the batch-1 latency behind the bound.
        var offline = report.RootElement.GetProperty("offline").EnumerateArray().ToList();
        Assert.Equal([1, 2], offline.Select(p => p.GetProperty("concurrency").GetInt32()));
        var batch1 = report.RootElement.GetProperty("batch1LatencyMs").GetDouble();
        Assert.Equal(offline[0].GetProperty("latencyMs").GetProperty("p50").GetDouble(), batch1);

        var server = report.RootElement.GetProperty("server");
        Assert.Equal(3 * batch1, server.GetProperty("p99BoundMs").GetDouble(), 9);
        Assert.Equal(3 * batch1, server.GetProperty("targetP99Ms").GetDouble(), 9);
        var upper = server.GetProperty("upperRate").GetDouble();
        Assert.Equal(report.RootElement.GetProperty("offlineMaxImagesPerSecond").GetDouble(), upper);
        var search = server.GetProperty("search").EnumerateArray().ToList();
        Assert.Equal(steps, search.Count);
        Assert.Equal(upper / 2, search[0].GetProperty("rate").GetDouble(), 9);
        foreach (var step in search)
        {
            var point = step.GetProperty("result");
            Assert.Equal(step.GetProperty("rate").GetDouble(), point.GetProperty("offeredRate").GetDouble());
            Assert.True(point.GetProperty("requests").GetInt32() >= minQueries);
            Assert.Equal(point.GetProperty("requests").GetInt32(), point.GetProperty("succeeded").GetInt32());
        }
        var atFraction = server.GetProperty("atLoadFraction");
        Assert.Equal(0.7 * upper, atFraction.GetProperty("offeredRate").GetDouble(), 9);
        Assert.Equal(0, report.RootElement.GetProperty("totalErrors").GetInt32());
        Assert.Equal(10 + 10 + search.Sum(s => s.GetProperty("result").GetProperty("requests").GetInt32()) + atFraction.GetProperty("requests").GetInt32(),
            service.Predictions);
        Assert.Contains("target p99 at 70% of offline max", run.Output);
        // The ideal queue's reference: the fake's pass over its images, and a p99 no better than the batch-1 latency with
        // the pass replaced by one image's compute (no queueing at all).
        var passMs = FakeService.PassSeconds * 1000;
        var imageMs = passMs / FakeService.ImagesPerBatch;
        Assert.Equal(passMs, server.GetProperty("batch1PassMs").GetDouble(), 9);
        Assert.Equal(imageMs, server.GetProperty("imageMs").GetDouble(), 9);
        Assert.True(server.GetProperty("idealFifoP99Ms").GetDouble() >= batch1 - passMs + imageMs - 1e-9);
        Assert.Contains("queueing alone for the same arrivals", run.Output);
        AssertCharts("server", "throughput", "latency", "server");
    }

    [Fact]
    public async Task ServiceThatIsNotThereIsOneErrorLine()
    {
        string url;
        await using (var gone = new FakeService(Model, _ => PredictAnswer.Ok))
            url = gone.BaseUrl;

        var run = await CliRunner.RunAsync("loadtest", "--url", url, "--model", Model, "--image", image, "--out", directory.FullName);

        // Was exit 1, "unexpected": a service that is not running is the network's failure, not the program's.
        Assert.Equal(ExitCodes.NetworkFailed, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: the service at", line);
        Assert.EndsWith("start it first.", line);
    }

    /// <summary>Was "unexpected TaskCanceledException" after the whole --timeout.</summary>
    [Fact]
    public async Task AServerThatAcceptsButNeverAnswersIsOneErrorLineNamingTheTimeout()
    {
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";

        var run = await CliRunner.RunAsync("loadtest", "--url", url, "--model", Model, "--image", image, "--timeout", "0.5", "--out", directory.FullName);

        Assert.Equal(ExitCodes.NetworkFailed, run.ExitCode);
        Assert.Contains("accepted the connection but", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Contains("within 0.5 s (--timeout)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownModelIsRefusedBeforeAnyLoad()
    {
        await using var service = new FakeService(Model, _ => PredictAnswer.Ok);

        var run = await CliRunner.RunAsync("loadtest", "--url", service.BaseUrl, "--model", "other", "--image", image, "--out", directory.FullName);

        Assert.Equal(ExitCodes.Unexpected, run.ExitCode);
        Assert.Contains("answered 404", Assert.Single(run.ErrorLines));
        Assert.Equal(0, service.Predictions);
    }

    [Fact]
    public async Task EngineJsonWithoutTheServicesBatchSizeFailsBeforeAnyLoad()
    {
        await using var service = new FakeService(Model, _ => PredictAnswer.Ok);
        var engineJson = WriteEngineJson(batchSize: 8);

        var run = await CliRunner.RunAsync("loadtest", "--url", service.BaseUrl, "--model", Model, "--image", image,
            "--engine-json", engineJson, "--out", directory.FullName);

        Assert.Equal(ExitCodes.Unexpected, run.ExitCode);
        Assert.Contains("has no batch 4", Assert.Single(run.ErrorLines));
        Assert.Equal(0, service.Predictions);
    }

    [Theory]
    [InlineData("--url", "ftp://example")]
    [InlineData("--concurrency", "0")]
    [InlineData("--load-fraction", "1.5")]
    [InlineData("--duration", "0")]
    [InlineData("--scenario", "sideways")]
    public async Task BadOptionsAreUsageErrors(string option, string value)
    {
        var run = await CliRunner.RunAsync("loadtest", "--image", image, option, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task AConcurrencyNamedTwiceIsAUsageError()
    {
        var run = await CliRunner.RunAsync("loadtest", "--image", image, "--concurrency", "8", "8");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--concurrency names 8 more than once", run.Error);
    }

    private JsonDocument ReadReport(string name) => JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.FullName, name + ".json")));

    private void AssertCharts(string name, params string[] suffixes)
    {
        foreach (var suffix in suffixes)
        {
            var svg = XDocument.Load(Path.Combine(directory.FullName, $"{name}-{suffix}.svg"));
            Assert.Equal("svg", svg.Root!.Name.LocalName);
            Assert.Contains(svg.Root.Descendants(), e => e.Name.LocalName == "circle");
        }
    }

    /// <summary>The fields of resnext bench engine's engine.json that the comparison reads.</summary>
    private string WriteEngineJson(int batchSize)
    {
        static object Batch(int size, double imagesPerSecond) => new
        {
            batchSize = size,
            imagesPerSecond = new { median = imagesPerSecond, min = imagesPerSecond * 0.9, max = imagesPerSecond * 1.1 },
        };
        var path = Path.Combine(directory.FullName, "engine.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            model = "fake",
            threads = 2,
            backend = "onnxruntime",
            batches = new[] { Batch(1, 100), Batch(batchSize, EngineImagesPerSecond) },
        }));
        return path;
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
