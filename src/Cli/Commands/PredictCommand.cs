using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ResNeXt.Cli.Output;
using ResNeXt.Inference.Contracts;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Serving;
using Spectre.Console;

namespace ResNeXt.Cli.Commands;

/// <summary>
/// <c>resnext predict IMAGE... [--model NAME] [--checkpoint PATH] [--backend onnxruntime|torchsharp] [--topk K] [--json]</c>: mmpretrain's
/// <c>inference_model</c> from the command line, through the same engine the service uses.
/// </summary>
internal sealed class PredictCommand : BaseCommand
{
    public const int DefaultTopK = 5;

    private static readonly Argument<FileInfo[]> Images = ImageArguments.Create();
    private static readonly Option<string?> Checkpoint = CheckpointOption.Create();

    private static readonly Option<int> TopK = new("--topk", "-k")
    {
        Description = "How many classes to print per image, best first.",
        DefaultValueFactory = _ => DefaultTopK,
    };

    static PredictCommand() => OptionChecks.Check(TopK, k =>
        k < 1 || k > ImageNetCategories.All.Count ? $"--topk must be between 1 and {ImageNetCategories.All.Count}, not {k}." : null);

    public PredictCommand()
        : base("predict", "Classify images into the 1000 ImageNet classes.")
    {
        Arguments.Add(Images);
        Options.Add(CommonOptions.Model);
        Options.Add(Checkpoint);
        Options.Add(CommonOptions.CheckpointDirectory);
        Options.Add(CommonOptions.Device);
        Options.Add(CommonOptions.Backend);
        Options.Add(TopK);
        Options.Add(CommonOptions.Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = Bind(parseResult);
        var chunks = await InferenceHost.RunInChunksAsync(request.Model, request.CheckpointPath, request.Device, request.Backend, request.Images,
            (classifier, chunk, token) => classifier.ClassifyAsync(
                new ClassificationRequest(request.Model, [.. chunk.Select(c => c.Bytes)], request.TopK), token),
            cancellationToken);
        var response = PredictResponse.From(chunks[0] with { Predictions = [.. chunks.SelectMany(c => c.Predictions)] });
        ResultWriter.Write(parseResult, request.Json, response, r => Table(request.Images, r), response.Backend);
        return ExitCodes.Success;
    }

    private static Table Table(IReadOnlyList<FileInfo> images, PredictResponse response)
    {
        var table = new Table().AddColumn("Image").AddColumn(new TableColumn("Rank").RightAligned())
            .AddColumn(new TableColumn("Label").RightAligned()).AddColumn("Class").AddColumn(new TableColumn("Score").RightAligned());
        foreach (var (image, prediction) in images.Zip(response.Predictions))
        {
            foreach (var (entry, rank) in prediction.TopK.Select((e, i) => (e, i + 1)))
            {
                table.AddRow(rank == 1 ? Markup.Escape(image.Name) : "", rank.ToString(CultureInfo.InvariantCulture),
                    entry.Label.ToString(CultureInfo.InvariantCulture), Markup.Escape(entry.ClassName),
                    entry.Score.ToString("0.0000", CultureInfo.InvariantCulture));
            }
        }
        return table;
    }

    /// <exception cref="UnknownModelException">--model is neither a catalogue model nor a checkpoint in --checkpoint-dir.</exception>
    /// <exception cref="CheckpointMissingException">No checkpoint at --checkpoint or in --checkpoint-dir.</exception>
    public static PredictRequest Bind(ParseResult parseResult)
    {
        var (model, checkpoint) = CheckpointOption.ResolveServed(parseResult, Checkpoint);
        return new PredictRequest(
            parseResult.GetRequiredValue(Images), model, checkpoint, parseResult.GetRequiredValue(CommonOptions.Device),
            CommonOptions.GetBackend(parseResult), parseResult.GetValue(TopK), parseResult.GetValue(CommonOptions.Json));
    }
}
