using System.Diagnostics;
using System.Globalization;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Training;

/// <summary>
/// mmpretrain's <c>tools/train.py</c> for one ResNeXt: the ImageNet train pipeline, SGD with momentum and weight
/// decay under MultiStepLR, cross-entropy on the unfolded network in train mode, validation (top-1/top-5) after
/// every epoch, and checkpoints in mmpretrain's layout (<c>epoch_N.pth</c>, <c>best_accuracy_top1_epoch_N.pth</c>)
/// with the optimizer's state beside each (<c>epoch_N.optim</c>) so that <see cref="TrainingOptions.Resume"/>
/// continues where the run stopped. Runs on the calling thread (libtorch's grad mode is per thread).
/// </summary>
public static class Trainer
{
    public const string TrainFolder = "train";
    public const string ValidationFolder = "val";
    private const string EpochPrefix = "epoch_";
    private const string BestPrefix = "best_accuracy_top1_epoch_";
    private const string CheckpointExtension = ".pth";
    private const string OptimizerExtension = ".optim";
    private const int Top5 = 5;

    /// <exception cref="InvalidDatasetException">No train/ or val/ class folders, or their classes differ.</exception>
    public static TrainingResult Train(TrainingOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (train, validation, classes) = OpenData(options);
        var numClasses = options.NumClasses ?? classes.Count;
        // Both checked before anything is written. Fewer: libtorch would only fail at the first loss, with a native stack
        // trace. More: the extra classes would have no images, so never be learned, and the checkpoint would name every
        // class class_0..class_N-1, the folder names lost (a name list that does not cover the head is not kept).
        if (numClasses < classes.Count)
        {
            throw new InvalidDatasetException(
                $"The dataset has {classes.Count} class folders but the model is to have {numClasses} classes; every folder's label must be below the class count.");
        }
        if (numClasses > classes.Count)
        {
            throw new InvalidDatasetException(
                $"--num-classes {numClasses} is more than the {classes.Count} class folders of '{Path.Combine(options.Data, TrainFolder)}': the extra " +
                "classes would have no images and the checkpoint would lose the folders' class names. Leave --num-classes out, or add the missing class folders.");
        }
        var classNames = CheckpointLoader.ClassNames(classes, numClasses);
        Directory.CreateDirectory(options.WorkDirectory);
        var device = torch.device(options.Device);
        using var nativeConvolutions = options.UseOneDnn || device.type != DeviceType.CPU ? null : OneDnn.Disable();

        torch.manual_seed(options.Seed);
        using var model = new Model.ResNeXt(TrainingModels.Resolve(options.Model), numClasses);
        TrainingInitialisation.Apply(model);
        if (options.Pretrained is { } pretrained) InitialWeights.LoadPretrained(model, pretrained);
        model.to(device);

        using var optimizer = torch.optim.SGD(model.parameters(), options.EffectiveLearningRate, TrainingOptions.Momentum,
            weight_decay: TrainingOptions.WeightDecay);
        var scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, [.. options.Milestones], TrainingOptions.DecayFactor);

        var records = new List<EpochRecord>();
        var startEpoch = options.Resume ? ResumeFrom(options.WorkDirectory, model, optimizer, scheduler, records) : 0;
        var loader = new TrainingBatchLoader(train.Images, options.BatchSize, options.Seed, options.EffectiveDecodeThreads);
        var evaluator = new DatasetEvaluator(new ValidationRunner(model, device), classNames,
            new EvaluationOptions(options.BatchSize, options.EffectiveDecodeThreads));

        for (var epoch = startEpoch + 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var learningRate = optimizer.ParamGroups.First().LearningRate;
            var (loss, steps) = TrainEpoch(model, optimizer, loader, epoch, options.Epochs, device, progress, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
                return Result(options.WorkDirectory, records, completed: false);
            scheduler.step();

            var accuracy = Validate(model, evaluator, validation);
            var iteration = (records.Count > 0 ? records[^1].Iteration : 0) + steps;
            var record = new EpochRecord(epoch, iteration, learningRate, loss, accuracy.TopK[0].Percent,
                accuracy.TopK.FirstOrDefault(k => k.K == Top5)?.Percent, clock.Elapsed.TotalSeconds);
            var isBest = records.Count == 0 || record.Top1 > records.Max(r => r.Top1);
            records.Add(record);
            SaveEpoch(options.WorkDirectory, model, optimizer, classNames, record, isBest);
            progress?.Report(new TrainingProgress(epoch, options.Epochs, steps, steps, loss, record));
        }
        return Result(options.WorkDirectory, records, completed: true);
    }

    private static (LabelledDataset Train, LabelledDataset Validation, IReadOnlyList<string> Classes) OpenData(TrainingOptions options)
    {
        var train = DatasetReader.Open(Path.Combine(options.Data, TrainFolder));
        var validation = DatasetReader.Open(Path.Combine(options.Data, ValidationFolder));
        if (train.ClassNames is null || validation.ClassNames is null || !train.ClassNames.SequenceEqual(validation.ClassNames))
        {
            throw new InvalidDatasetException(
                $"'{options.Data}' must hold {TrainFolder}/ and {ValidationFolder}/ with the same class sub-folders.");
        }
        // A class without training images would be trained only to be never predicted: almost always a mistake in the layout.
        var labelled = train.Images.Select(i => i.Label).ToHashSet();
        if (Enumerable.Range(0, train.ClassNames.Count).FirstOrDefault(label => !labelled.Contains(label), -1) is var empty and >= 0)
        {
            throw new InvalidDatasetException($"The class folder '{Path.Combine(options.Data, TrainFolder, train.ClassNames[empty])}' holds no images.");
        }
        return (train, validation, train.ClassNames);
    }

    private static (double Loss, int Steps) TrainEpoch(Model.ResNeXt model, TorchSharp.Modules.SGD optimizer, TrainingBatchLoader loader,
        int epoch, int epochs, Device device, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        model.train();
        double total = 0;
        var steps = 0;
        foreach (var batch in loader.Epoch(epoch, cancellationToken))
        {
            if (cancellationToken.IsCancellationRequested) break;
            using var scope = NewDisposeScope();
            var images = TrainingBatch.ToTensor(batch.Images, batch.Count, device);
            var labels = tensor(batch.Labels, device: device);
            optimizer.zero_grad();
            var loss = TrainingStep.Backward(model, images, labels);
            optimizer.step();
            total += loss;
            steps++;
            progress?.Report(new TrainingProgress(epoch, epochs, steps, loader.BatchesPerEpoch, loss));
        }
        return (steps == 0 ? 0 : total / steps, steps);
    }

    private static AccuracyReport Validate(Model.ResNeXt model, DatasetEvaluator evaluator, LabelledDataset validation)
    {
        model.eval();
        try
        {
            return evaluator.Evaluate(validation).Report;
        }
        finally
        {
            model.train();
        }
    }

    private static void SaveEpoch(string workDirectory, Model.ResNeXt model, TorchSharp.Modules.SGD optimizer, IReadOnlyList<string> classes,
        EpochRecord record, bool isBest)
    {
        var stateDict = model.state_dict().Select(p => (p.Key, p.Value)).ToList();
        var checkpoint = CheckpointPath(workDirectory, record.Epoch);
        MmpretrainCheckpointWriter.Save(checkpoint, stateDict, classes, record.Epoch, record.Iteration);
        optimizer.save_state_dict(Path.ChangeExtension(checkpoint, OptimizerExtension));
        if (isBest)
        {
            // mmengine's CheckpointHook keeps one best checkpoint, named after the epoch that set it.
            foreach (var old in Directory.EnumerateFiles(workDirectory, BestPrefix + "*" + CheckpointExtension)) File.Delete(old);
            File.Copy(checkpoint, BestPath(workDirectory, record.Epoch));
        }
        var all = TrainingLog.Read(LogPath(workDirectory)).Where(r => r.Epoch < record.Epoch).Append(record).ToList();
        TrainingLog.Write(LogPath(workDirectory), all);
        TrainingChart.Write(Path.Combine(workDirectory, TrainingChart.FileName), all);
    }

    /// <summary>Loads the newest epoch that has both weights and optimizer state, and replays the schedule to it.</summary>
    private static int ResumeFrom(string workDirectory, Model.ResNeXt model, TorchSharp.Modules.SGD optimizer, optim.lr_scheduler.LRScheduler scheduler,
        List<EpochRecord> records)
    {
        var saved = Directory.EnumerateFiles(workDirectory, EpochPrefix + "*" + CheckpointExtension)
            .Select(p => Path.GetFileNameWithoutExtension(p)[EpochPrefix.Length..])
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .Where(n => n > 0)
            .ToList();
        var epoch = saved.Where(n => File.Exists(Path.ChangeExtension(CheckpointPath(workDirectory, n), OptimizerExtension))).DefaultIfEmpty(0).Max();
        if (saved.Count > 0 && epoch < saved.Max())
        {
            // Starting over (or from an older epoch) would overwrite the newer weights without a word.
            var newest = CheckpointPath(workDirectory, saved.Max());
            throw new CheckpointFormatException(newest,
                $"it has no {Path.GetFileName(Path.ChangeExtension(newest, OptimizerExtension))} (the optimizer state) beside it, so training cannot resume from it; " +
                "restore that file, or train into another work directory");
        }
        if (epoch == 0) return 0;

        var checkpoint = CheckpointPath(workDirectory, epoch);
        InitialWeights.LoadExact(model, checkpoint);
        var optimizerState = Path.ChangeExtension(checkpoint, OptimizerExtension);
        try
        {
            optimizer.load_state_dict(optimizerState);
        }
        catch (Exception error) when (error is IOException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            throw new CheckpointFormatException(optimizerState, $"the optimizer state is truncated or not TorchSharp's ({error.Message})", error);
        }
        // MultiStepLR is a pure function of the epoch count, so stepping it again restores it exactly.
        for (var i = 0; i < epoch; i++) scheduler.step();
        records.AddRange(TrainingLog.Read(LogPath(workDirectory)).Where(r => r.Epoch <= epoch));
        return epoch;
    }

    private static TrainingResult Result(string workDirectory, IReadOnlyList<EpochRecord> records, bool completed)
    {
        var last = records.Count == 0 ? "" : CheckpointPath(workDirectory, records[^1].Epoch);
        var best = records.Count == 0 ? "" : BestPath(workDirectory, records.MaxBy(r => r.Top1)!.Epoch);
        return new TrainingResult(records, last, best, completed);
    }

    public static string CheckpointPath(string workDirectory, int epoch) =>
        Path.Combine(workDirectory, string.Create(CultureInfo.InvariantCulture, $"{EpochPrefix}{epoch}{CheckpointExtension}"));

    private static string BestPath(string workDirectory, int epoch) =>
        Path.Combine(workDirectory, string.Create(CultureInfo.InvariantCulture, $"{BestPrefix}{epoch}{CheckpointExtension}"));

    private static string LogPath(string workDirectory) => Path.Combine(workDirectory, TrainingLog.FileName);
}
