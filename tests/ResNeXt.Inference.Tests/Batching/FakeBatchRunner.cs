using System.Collections.Concurrent;
using System.Threading.Channels;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Inference.Tests.Batching;

/// <summary>
/// Stands in for the TorchSharp runner. Every test image is filled with one value, its mark; the runner checks that each
/// row of the batch is uniform (so the whole image was copied to its own offset) and answers each row with outputs
/// derived from that row's mark, so a test can tell whether every caller got its own answer.
/// </summary>
internal sealed class FakeBatchRunner : IBatchRunner
{
    public const int Classes = 4;
    public const int Features = 3;
    public const int BackboneFloats = 2;

    // Only a safety net against a hung test; the tests release the gate themselves.
    private static readonly TimeSpan GateTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<RecordedBatch> _batches = new();
    private readonly Channel<RecordedBatch> _started = Channel.CreateUnbounded<RecordedBatch>();
    private int _runs;

    /// <summary>Indices (0-based, in call order) of the passes that throw <see cref="RunnerFailure"/>.</summary>
    public IReadOnlySet<int> FailingPasses { get; init; } = new HashSet<int>();

    /// <summary>When set, every pass is also recorded here, so runners of several models can share one order of passes.</summary>
    public ConcurrentQueue<RecordedBatch>? Journal { get; init; }

    /// <summary>When set, the first pass blocks the inference thread until the test sets it.</summary>
    public ManualResetEventSlim? FirstPassGate { get; init; }

    public IReadOnlyList<RecordedBatch> Batches => [.. _batches];

    public int? DisposedOnThreadId { get; private set; }

    public int NumClasses => Classes;

    public int FeatureDim => Features;

    public static float[] Image(float mark)
    {
        var image = new float[ImageNetPipeline.TensorLength];
        Array.Fill(image, mark);
        return image;
    }

    /// <summary>The logits the fake answers for an image with this mark; the other kinds follow the same idea.</summary>
    public static float[] LogitsFor(float mark) => [.. Enumerable.Range(0, Classes).Select(c => mark + c)];

    public static float[] ScoresFor(float mark) => [.. Enumerable.Repeat(-mark, Classes)];

    public static float[] NeckFor(float mark) => [.. Enumerable.Repeat(2 * mark, Features)];

    public static float[] BackboneFor(float mark) => [.. Enumerable.Repeat(3 * mark, BackboneFloats)];

    public ValueTask<RecordedBatch> NextPassStartedAsync(CancellationToken cancellationToken) => _started.Reader.ReadAsync(cancellationToken);

    public BatchOutputs Run(ReadOnlySpan<float> input, int batchSize, OutputKinds kinds)
    {
        var pass = _runs++;
        var marks = ReadMarks(input, batchSize);
        var batch = new RecordedBatch(batchSize, kinds, Environment.CurrentManagedThreadId, marks);
        _batches.Enqueue(batch);
        Journal?.Enqueue(batch);
        _started.Writer.TryWrite(batch);
        if (pass == 0 && FirstPassGate is { } gate && !gate.Wait(GateTimeout))
        {
            throw new TimeoutException("The test never opened the gate.");
        }

        return FailingPasses.Contains(pass) ? throw new RunnerFailure(pass) : Answer(marks, kinds);
    }

    public void Dispose() => DisposedOnThreadId = Environment.CurrentManagedThreadId;

    private static float[] ReadMarks(ReadOnlySpan<float> input, int batchSize)
    {
        Assert.Equal(batchSize * ImageNetPipeline.TensorLength, input.Length);
        var marks = new float[batchSize];
        for (var i = 0; i < batchSize; i++)
        {
            var row = input.Slice(i * ImageNetPipeline.TensorLength, ImageNetPipeline.TensorLength);
            marks[i] = row[0];
            if (row.ContainsAnyExcept(marks[i]))
            {
                throw new InvalidOperationException($"Row {i} of the batch mixes images.");
            }
        }

        return marks;
    }

    private static BatchOutputs Answer(float[] marks, OutputKinds kinds) => new(
        marks.Length,
        Classes,
        Features,
        BackboneFloats,
        Rows(kinds.HasFlag(OutputKinds.Logits), marks.SelectMany(LogitsFor)),
        Rows(kinds.HasFlag(OutputKinds.Scores), marks.SelectMany(ScoresFor)),
        Rows(kinds.HasFlag(OutputKinds.Neck), marks.SelectMany(NeckFor)),
        Rows(kinds.HasFlag(OutputKinds.Backbone), marks.SelectMany(BackboneFor)));

    private static ReadOnlyMemory<float>? Rows(bool requested, IEnumerable<float> values) => requested ? new ReadOnlyMemory<float>(values.ToArray()) : null;
}

internal sealed record RecordedBatch(int Size, OutputKinds Kinds, int ThreadId, float[] Marks);

internal sealed class RunnerFailure(int pass) : Exception($"Pass {pass} failed on purpose.");
