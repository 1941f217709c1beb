using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using ResNeXt.Benchmarks.OnnxRuntimeBaseline;

// Times one round of ONNX Runtime forward passes and prints one JSON object on stdout, the protocol of
// tests/reference/bench_engine.py, so `resnext bench engine` alternates all baselines the same way.
try
{
    var settings = BaselineSettings.Parse(args);
    var started = Stopwatch.GetTimestamp();
    using var runner = new OnnxRunner(settings.ModelPath, settings.Threads);
    var loadSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    var readyAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
    var batches = settings.BatchSizes.ToDictionary(
        batch => batch.ToString(CultureInfo.InvariantCulture),
        batch => runner.Time(batch, settings.Warmup, settings.Iterations));
    var report = new BaselineReport($"onnxruntime {OrtEnv.Instance().GetVersionString()}", settings.Threads, loadSeconds, readyAt,
        Process.GetCurrentProcess().PeakWorkingSet64, batches);
    Console.WriteLine(JsonSerializer.Serialize(report, BaselineJson.Default.BaselineReport));
    return 0;
}
catch (Exception error) when (error is ArgumentException or OnnxRuntimeException or FileNotFoundException)
{
    Console.Error.WriteLine($"error: {error.Message}");
    return 2;
}
