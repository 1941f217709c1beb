namespace ResNeXt.Inference.Training;

/// <summary>
/// A training run. Defaults are mmpretrain's configs/_base_/schedules/imagenet_bs256.py: SGD (momentum 0.9, weight
/// decay 1e-4), learning rate 0.1 for a total batch of 256 scaled linearly to the actual batch (auto_scale_lr),
/// MultiStepLR x0.1 at epochs 30, 60 and 90, 100 epochs.
/// </summary>
/// <param name="Model">A catalogue name or <see cref="TrainingModels.TinyName"/>.</param>
/// <param name="Data">Folder with <c>train/</c> and <c>val/</c>, each one sub-folder per class (same names).</param>
/// <param name="WorkDirectory">Checkpoints, the JSON-lines log and the chart go here (mmengine's work_dir).</param>
/// <param name="Pretrained">Checkpoint to start from; its head is replaced when the class count differs.</param>
/// <param name="NumClasses">Head size; null means the number of class folders.</param>
/// <param name="LearningRate">Used as given; null means 0.1 x batch / 256.</param>
/// <param name="Resume">Continue from the newest checkpoint in the work directory, optimizer and schedule included.</param>
public sealed record TrainingOptions(
    string Model,
    string Data,
    string WorkDirectory,
    string? Pretrained = null,
    int? NumClasses = null,
    int Epochs = TrainingOptions.DefaultEpochs,
    int BatchSize = TrainingOptions.DefaultBatchSize,
    double? LearningRate = null,
    bool Resume = false,
    string Device = "cpu",
    int Seed = 0)
{
    public const int DefaultEpochs = 100;
    public const int DefaultBatchSize = 32;
    public const double BaseLearningRate = 0.1;
    public const int BaseBatchSize = 256;
    public const double Momentum = 0.9;
    public const double WeightDecay = 1e-4;
    public const double DecayFactor = 0.1;

    public static IReadOnlyList<int> DefaultMilestones { get; } = [30, 60, 90];

    public IReadOnlyList<int> Milestones { get; init; } = DefaultMilestones;

    /// <summary>Threads decoding and augmenting the next batch while the current one trains; 0 means one per core.</summary>
    public int DecodeThreads { get; init; }

    /// <summary>
    /// False trains on libtorch's native CPU convolutions instead of oneDNN's, for machines where oneDNN's
    /// backward convolution crashes (see <see cref="OneDnn"/>); by default off exactly there. Has no effect on CUDA.
    /// </summary>
    public bool UseOneDnn { get; init; } = OneDnn.CpuReportsCacheSizes;

    public int EffectiveDecodeThreads => DecodeThreads > 0 ? DecodeThreads : Environment.ProcessorCount;

    public double EffectiveLearningRate => LearningRate ?? BaseLearningRate * BatchSize / BaseBatchSize;
}
