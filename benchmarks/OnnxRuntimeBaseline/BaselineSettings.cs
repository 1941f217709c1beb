using System.Globalization;

namespace ResNeXt.Benchmarks.OnnxRuntimeBaseline;

/// <summary>The same arguments bench_engine.py takes, minus the architecture (the ONNX graph carries it).</summary>
internal sealed record BaselineSettings(string ModelPath, int Threads, int Warmup, int Iterations, IReadOnlyList<int> BatchSizes)
{
    private const string Usage = "usage: ort-baseline --model FILE.onnx [--threads N] [--warmup N] [--iterations N] [--batch N ...]";

    public static BaselineSettings Parse(IReadOnlyList<string> args)
    {
        string? model = null;
        int threads = 2, warmup = 2, iterations = 5;
        List<int> batches = [];
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--model": model = Value(args, ++i); break;
                case "--threads": threads = Number(args, ++i); break;
                case "--warmup": warmup = Number(args, ++i); break;
                case "--iterations": iterations = Number(args, ++i); break;
                case "--batch":
                    while (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                        batches.Add(Number(args, ++i));
                    break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'. {Usage}");
            }
        }
        if (model is null)
            throw new ArgumentException(Usage);
        if (!File.Exists(model))
            throw new FileNotFoundException($"{model} does not exist.");
        if (threads < 1 || warmup < 0 || iterations < 1 || batches.Any(b => b < 1))
            throw new ArgumentException($"threads, iterations and batch sizes must be positive, warmup non-negative. {Usage}");
        if (batches.Distinct().Count() != batches.Count)
            throw new ArgumentException($"each batch size is timed once: name it once. {Usage}");
        return new BaselineSettings(model, threads, warmup, iterations, batches.Count > 0 ? batches : [1, 8]);
    }

    private static string Value(IReadOnlyList<string> args, int index) =>
        index < args.Count ? args[index] : throw new ArgumentException($"{args[index - 1]} needs a value. {Usage}");

    private static int Number(IReadOnlyList<string> args, int index) =>
        int.TryParse(Value(args, index), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{args[index - 1]} needs an integer, not '{args[index]}'. {Usage}");
}
