using System.ComponentModel.DataAnnotations;

namespace ResNeXt.Inference.Batching;

/// <summary>
/// How each model's queue groups images into forward passes, and how many threads each pass uses (the <c>Batching</c> section). Validated at start by
/// <see cref="BatchingOptionsValidator"/>; read once per worker, never inside the batch loop.
/// </summary>
public sealed class BatchingOptions : IValidatableObject
{
    public const string SectionName = "Batching";

    /// <summary>Upper bound for <see cref="MaxBatchSize"/>: 256 inputs are already 154 MB before any activation.</summary>
    public const int MaxBatchSizeLimit = 256;

    /// <summary>Upper bound for <see cref="QueueCapacity"/>: each queued image pins 602 KB of its caller's floats.</summary>
    public const int QueueCapacityLimit = 4096;

    /// <summary>Upper bound for <see cref="IntraOpThreads"/>; anything near it is a typo, not a machine.</summary>
    public const int IntraOpThreadsLimit = 1024;

    // Waiting longer than this to fill a batch is latency no caller wants; Triton's examples use microseconds to milliseconds.
    private const string MaxDelayLimit = "00:00:01";
    private const string TimeoutFloor = "00:00:00.001";
    private const string TimeoutLimit = "00:10:00";
    private const string Zero = "00:00:00";

    /// <summary>Most images in one forward pass. A full batch runs at once, without waiting for <see cref="MaxDelay"/>.</summary>
    [Range(1, MaxBatchSizeLimit)]
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>
    /// Longest an image waits for others to join its batch, counted from its enqueue time. 0 (the default) never holds an
    /// image back: a batch is what queued while the executor computed the previous one, which under load is already
    /// full. Measured on 2 cores (docs/benchmarks.md, section 5), 0 instead of 5 ms gave 1.075x the closed-loop
    /// throughput in 5 of 5 alternating rounds and a batch-1 latency ~6 ms lower.
    /// </summary>
    [Range(typeof(TimeSpan), Zero, MaxDelayLimit)]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Images accepted but not yet taken by the worker; beyond it callers get <see cref="QueueFullException"/> at once.</summary>
    [Range(1, QueueCapacityLimit)]
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Deadline given to images whose caller names none.</summary>
    [Range(typeof(TimeSpan), TimeoutFloor, TimeoutLimit)]
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Compute threads of each forward pass (libtorch's intra-op threads, ONNX Runtime's intra-op pool). 0 uses every
    /// core: one executor runs every model's passes one at a time, so a pass never shares the cores with another.
    /// </summary>
    [Range(0, IntraOpThreadsLimit)]
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Whether ONNX Runtime's idle compute threads spin before sleeping. Spinning hands work between operators faster,
    /// but a spinning thread holds a core that request threads need for decoding and resizing the next images: off, the
    /// service delivered 0.61x instead of 0.46x raw ONNX Runtime and 2.16x instead of 1.36x PyTorch + Pillow on 2 cores
    /// (docs/benchmarks.md, section 5).
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary>
    /// On a CPU device, decode only between forward passes: a request that arrives during a pass decodes when it ends,
    /// and the next pass first waits (at most <see cref="DecodeGate.MaxDrain"/>) for the decodes under way. A decode
    /// beside a pass stalls all of its compute threads, not one (see <see cref="DecodeGate"/>). Ignored on CUDA.
    /// </summary>
    public bool DecodeBetweenPasses { get; set; } = true;

    /// <summary>The intra-op thread count of every forward pass: <see cref="IntraOpThreads"/>, or all cores when 0.</summary>
    public int ResolveIntraOpThreads() => IntraOpThreads > 0 ? IntraOpThreads : Environment.ProcessorCount;

    /// <summary>Rules across keys; the generated validator calls this after the per-key annotations.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxDelay >= DefaultTimeout)
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(MaxDelay)} ({MaxDelay}) must be shorter than {SectionName}:{nameof(DefaultTimeout)} " +
                $"({DefaultTimeout}): otherwise an image can time out while waiting for its batch to fill.",
                [nameof(MaxDelay), nameof(DefaultTimeout)]);
        }

        if (QueueCapacity < MaxBatchSize)
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(QueueCapacity)} ({QueueCapacity}) must be at least {SectionName}:{nameof(MaxBatchSize)} " +
                $"({MaxBatchSize}): otherwise no batch can ever fill.",
                [nameof(QueueCapacity), nameof(MaxBatchSize)]);
        }
    }
}
