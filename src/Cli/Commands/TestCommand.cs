using System.CommandLine;
using System.Globalization;
using ResNeXt.Cli.Output;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Evaluation;
using ResNeXt.Inference.Registry;
using Spectre.Console;

namespace ResNeXt.Cli.Commands;

/// <summary>
/// <c>resnext test [--model NAME] [--checkpoint PATH] --data DIR [--ann FILE] [--batch-size N] [--out FILE]</c>:
/// mmpretrain's <c>tools/test.py</c> with <c>Accuracy(topk=(1, 5))</c>, through the inference preprocessing.
/// </summary>
internal sealed class TestCommand : BaseCommand
{
    private static readonly Option<string?> Model = new("--model", "-m")
    {
        Description = "Catalogue model name; the checkpoint must hold it. Optional with --checkpoint (the architecture is read from the weights).",
        HelpName = "name",
    };

    private static readonly Option<string?> Checkpoint = CheckpointOption.Create();

    private static readonly Option<DirectoryInfo> Data = new Option<DirectoryInfo>("--data", "-d")
    {
        Description = "Dataset folder: ImageNet layout (meta/val.txt + val/) or one sub-folder per class (sorted = label order).",
        HelpName = "dir",
        Required = true,
    }.AcceptExistingOnly();

    private static readonly Option<string?> Annotation = new("--ann")
    {
        Description = "Annotation file of 'image-path label' lines, relative to --data (or absolute); the image paths in it are relative to --data/val when that folder exists (mmpretrain's ImageNet data_prefix), else to --data (or absolute). Default: meta/val.txt when present.",
        HelpName = "file",
    };

    private static readonly Option<int> BatchSize = new("--batch-size", "-b")
    {
        Description = "Images per forward pass.",
        DefaultValueFactory = _ => EvaluationOptions.DefaultBatchSize,
    };

    private static readonly Option<string?> Out = new("--out", "-o")
    {
        Description = "Write the full results (metrics, per-class accuracy, confusions) to this JSON file.",
        HelpName = "file",
    };

    static TestCommand()
    {
        OptionChecks.AtLeastOne(BatchSize);
        PathOptions.OutputFile(Out, "the JSON file");
    }

    public TestCommand()
        : base("test", "Measure top-1/top-5 accuracy on a labelled dataset, as mmpretrain's tools/test.py does.")
    {
        Options.Add(Model);
        Options.Add(Checkpoint);
        Options.Add(CommonOptions.CheckpointDirectory);
        Options.Add(Data);
        Options.Add(Annotation);
        Options.Add(BatchSize);
        Options.Add(CommonOptions.Device);
        Options.Add(Out);
        Options.Add(CommonOptions.Json);
    }

    protected override Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = Bind(parseResult);
        CommonOptions.RequireDevice(request.Device, EngineBackend.TorchSharp);
        var dataset = DatasetReader.Open(request.Data, request.AnnotationFile);
        // mmpretrain tests the network as trained (BN unfolded); folding would change the last bits of the scores.
        using var engine = ResNeXtEngine.Load(request.CheckpointPath, new ResNeXtEngineOptions(request.Model, request.Device, FoldBatchNorm: false));
        var evaluator = new DatasetEvaluator(engine, engine.Classes, new EvaluationOptions(request.BatchSize));

        var output = parseResult.InvocationConfiguration.Output;
        var result = Terminal.IsInteractive(output) && !request.Json
            ? RunWithBar(output, dataset, evaluator, cancellationToken)
            : evaluator.Evaluate(dataset, progress: null, cancellationToken);

        var document = TestResultsDocument.From(request.Model?.Name, request.CheckpointPath, engine.Sha256!, dataset, result);
        if (request.OutputPath is { } path)
            File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(document, CliJson.SerializerOptions));
        if (request.Json)
            CliJson.Write(output, document);
        else
            Terminal.Create(output).Write(Summary(result));

        if (!result.Completed)
            parseResult.InvocationConfiguration.Error.WriteLine($"Cancelled: results cover {result.Report.Total} of {result.DatasetImages} images.");
        return Task.FromResult(result.Completed ? ExitCodes.Success : ExitCodes.Cancelled);
    }

    private static EvaluationResult RunWithBar(TextWriter output, LabelledDataset dataset, DatasetEvaluator evaluator, CancellationToken cancellationToken) =>
        Terminal.Create(output).Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("Testing", maxValue: dataset.Images.Count);
                return evaluator.Evaluate(dataset, new CallbackProgress<EvaluationProgress>(p =>
                {
                    task.Value = p.Processed;
                    task.Description = $"Testing ({p.ImagesPerSecond.ToString("0.0", CultureInfo.InvariantCulture)} images/s)";
                }), cancellationToken);
            });

    private static Table Summary(EvaluationResult result)
    {
        var table = new Table().AddColumn("Metric").AddColumn(new TableColumn("Value").RightAligned());
        foreach (var accuracy in result.Report.TopK)
            table.AddRow(accuracy.MetricName, accuracy.Percent.ToString("0.0000", CultureInfo.InvariantCulture));
        table.AddRow("images", $"{result.Report.Total}/{result.DatasetImages}");
        table.AddRow("images/s", result.ImagesPerSecond.ToString("0.0", CultureInfo.InvariantCulture));
        return table;
    }

    /// <exception cref="UnknownModelException">--model is not in the catalogue.</exception>
    /// <exception cref="CheckpointMissingException">No checkpoint at --checkpoint or in --checkpoint-dir.</exception>
    public static TestRequest Bind(ParseResult parseResult)
    {
        var (model, checkpoint) = CheckpointOption.ResolveOptionalModel(parseResult, parseResult.GetValue(Model), Checkpoint);
        return new TestRequest(
            model, checkpoint, parseResult.GetRequiredValue(Data).FullName, parseResult.GetValue(Annotation),
            parseResult.GetValue(BatchSize), parseResult.GetRequiredValue(CommonOptions.Device), parseResult.GetValue(Out),
            parseResult.GetValue(CommonOptions.Json));
    }
}
