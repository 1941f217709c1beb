using System.CommandLine;
using System.Globalization;
using ResNeXt.Cli.Output;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Training;
using Spectre.Console;

namespace ResNeXt.Cli.Commands;

/// <summary>
/// <c>resnext train --model NAME --data DIR [--pretrained PATH] [--num-classes N] [--epochs E] [--batch-size B]
/// [--lr LR] [--work-dir DIR] [--resume] [--device cpu|cuda]</c>: mmpretrain's <c>tools/train.py</c> with the
/// imagenet_bs256 schedule. <c>--device cuda</c> runs the same code on a GPU (TorchSharp's CUDA backend must be
/// installed instead of libtorch-cpu).
/// </summary>
internal sealed class TrainCommand : BaseCommand
{
    private const string DefaultWorkDirectory = "work_dirs";

    /// <summary>One JSON object per line, like the epochs.jsonl log, so a script can read the progress as it comes.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions JsonLines = new(CliJson.SerializerOptions) { WriteIndented = false };

    private static readonly Option<string> Model = new("--model", "-m")
    {
        Description = $"Catalogue model name, or '{TrainingModels.TinyName}' (a reduced-width ResNeXt for smoke tests).",
        HelpName = "name",
        Required = true,
    };

    private static readonly Option<DirectoryInfo> Data = new Option<DirectoryInfo>("--data", "-d")
    {
        Description = "Dataset folder with train/ and val/, each one sub-folder per class (sorted = label order).",
        HelpName = "dir",
        Required = true,
    }.AcceptExistingOnly();

    private static readonly Option<string?> Pretrained = new("--pretrained")
    {
        Description = "Checkpoint to fine-tune from; its head is replaced when --num-classes differs.",
        HelpName = "path",
    };

    private static readonly Option<int?> NumClasses = new("--num-classes")
    {
        Description = "Classes of the head (default: the number of class folders).",
    };

    private static readonly Option<int> Epochs = new("--epochs")
    {
        Description = "Epochs to train (the learning rate drops x0.1 at 30, 60 and 90).",
        DefaultValueFactory = _ => TrainingOptions.DefaultEpochs,
    };

    private static readonly Option<int> BatchSize = new("--batch-size", "-b")
    {
        Description = "Images per SGD step.",
        DefaultValueFactory = _ => TrainingOptions.DefaultBatchSize,
    };

    private static readonly Option<double?> LearningRate = new("--lr")
    {
        Description = "Learning rate (default 0.1 x batch-size / 256, mmpretrain's linear scaling).",
    };

    private static readonly Option<string> WorkDirectory = new("--work-dir")
    {
        Description = "Where checkpoints, epochs.jsonl and curves.svg are written.",
        HelpName = "dir",
        DefaultValueFactory = _ => DefaultWorkDirectory,
    };

    private static readonly Option<bool> Resume = new("--resume")
    {
        Description = "Continue from the newest epoch_N.pth in --work-dir, optimizer and schedule included.",
    };

    private static readonly Option<bool> NoOneDnn = new("--no-onednn")
    {
        Description = "Use libtorch's native CPU convolutions: for VMs where oneDNN's backward pass dies with SIGFPE (the default already on CPUs that report no cache sizes).",
    };

    static TrainCommand()
    {
        PathOptions.Folder(WorkDirectory);
        OptionChecks.AtLeastOne(Epochs, BatchSize);
        OptionChecks.AtLeastOne(NumClasses);
        PathOptions.InputFile(Pretrained, "a checkpoint file", mustExist: true);
        // NaN and Infinity parse as numbers; the optimiser computes in float32, so the bound is float's.
        OptionChecks.Check(LearningRate, lr => lr is not { } rate || rate is > 0 and <= float.MaxValue ? null
            : $"--lr must be a positive number float32 holds (at most {float.MaxValue.ToString(CultureInfo.InvariantCulture)}), not {rate.ToString(CultureInfo.InvariantCulture)}.");
    }

    public TrainCommand()
        : base("train", "Train or fine-tune a ResNeXt as mmpretrain's tools/train.py does (imagenet_bs256 schedule).")
    {
        Options.Add(Model);
        Options.Add(Data);
        Options.Add(Pretrained);
        Options.Add(NumClasses);
        Options.Add(Epochs);
        Options.Add(BatchSize);
        Options.Add(LearningRate);
        Options.Add(WorkDirectory);
        Options.Add(Resume);
        Options.Add(NoOneDnn);
        Options.Add(CommonOptions.Device);
        Options.Add(CommonOptions.Json);
    }

    protected override Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = Bind(parseResult);
        TrainingModels.Resolve(request.Options.Model); // an unknown name is refused before the work directory is made
        CommonOptions.RequireDevice(request.Options.Device, EngineBackend.TorchSharp);
        var output = parseResult.InvocationConfiguration.Output;
        var result = Terminal.IsInteractive(output) && !request.Json
            ? RunWithBar(output, request.Options, cancellationToken)
            : Trainer.Train(request.Options, new CallbackProgress<TrainingProgress>(p => WriteEpochLine(output, p, request.Json)), cancellationToken);

        if (!request.Json)
        {
            output.WriteLine($"Last checkpoint: {result.LastCheckpoint}");
            output.WriteLine($"Best checkpoint: {result.BestCheckpoint}");
        }
        if (!result.Completed)
            parseResult.InvocationConfiguration.Error.WriteLine($"Cancelled after {result.Epochs.Count} epochs; resume with --resume.");
        return Task.FromResult(result.Completed ? ExitCodes.Success : ExitCodes.Cancelled);
    }

    private static TrainingResult RunWithBar(TextWriter output, TrainingOptions options, CancellationToken cancellationToken)
    {
        var console = Terminal.Create(output);
        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask? task = null;
                return Trainer.Train(options, new CallbackProgress<TrainingProgress>(p =>
                {
                    if (p.Record is { } record)
                    {
                        console.MarkupLineInterpolated($"{Describe(record)}");
                        return;
                    }
                    if (task is null || p.Batch == 1) task = context.AddTask($"Epoch {p.Epoch}/{p.Epochs}", maxValue: p.Batches);
                    task.Value = p.Batch;
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"Epoch {p.Epoch}/{p.Epochs} loss {p.Loss:0.0000}");
                }), cancellationToken);
            });
    }

    private static void WriteEpochLine(TextWriter output, TrainingProgress progress, bool json)
    {
        if (progress.Record is not { } record) return;
        if (json) output.WriteLine(System.Text.Json.JsonSerializer.Serialize(record, JsonLines));
        else output.WriteLine(Describe(record));
    }

    private static string Describe(EpochRecord record)
    {
        var top5 = record.Top5 is { } value ? string.Create(CultureInfo.InvariantCulture, $" accuracy/top5 {value:0.00}") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {record.Epoch}: lr {record.LearningRate:G4} loss {record.Loss:0.0000} accuracy/top1 {record.Top1:0.00}{top5} ({record.Seconds:0.0}s)");
    }

    public static TrainRequest Bind(ParseResult parseResult) => new(
        new TrainingOptions(
            parseResult.GetRequiredValue(Model),
            parseResult.GetRequiredValue(Data).FullName,
            Path.GetFullPath(parseResult.GetRequiredValue(WorkDirectory)),
            parseResult.GetValue(Pretrained) is { } pretrained ? Path.GetFullPath(pretrained) : null,
            parseResult.GetValue(NumClasses),
            parseResult.GetValue(Epochs),
            parseResult.GetValue(BatchSize),
            parseResult.GetValue(LearningRate),
            parseResult.GetValue(Resume),
            parseResult.GetRequiredValue(CommonOptions.Device)) { UseOneDnn = !parseResult.GetValue(NoOneDnn) && OneDnn.CpuReportsCacheSizes },
        parseResult.GetValue(CommonOptions.Json));
}
