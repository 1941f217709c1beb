using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ResNeXt.Cli.Output;
using ResNeXt.Inference.Contracts;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Model;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Serving;
using Spectre.Console;

namespace ResNeXt.Cli.Commands;

/// <summary>
/// <c>resnext features IMAGE... [--model NAME] [--backend onnxruntime|torchsharp] [--stage neck|backbone|pre_logits] [--normalize] [--json]</c>:
/// mmpretrain's <c>extract_feat</c> from the command line. The table shows each vector's size, norm and first values;
/// <c>--json</c> prints every value.
/// </summary>
internal sealed class FeaturesCommand : BaseCommand
{
    private static readonly Argument<FileInfo[]> Images = ImageArguments.Create();
    private static readonly Option<string?> Checkpoint = CheckpointOption.Create();

    /// <summary>
    /// A name rather than the enum, so help shows the default as it is typed (<c>neck</c>); an enum default is shown
    /// by its C# name (<c>Neck</c>), which the option does not accept.
    /// </summary>
    private static readonly Option<string> Stage = new Option<string>("--stage")
    {
        Description = "Where to take features from.",
        DefaultValueFactory = _ => FeatureStageNames.ToName(FeatureStage.Neck),
    }.AcceptOnlyFromAmong([.. FeatureStageNames.All]);

    private static readonly Option<bool> Normalize = new("--normalize")
    {
        Description = "Scale each feature vector to unit L2 norm, ready for cosine similarity.",
    };

    public FeaturesCommand()
        : base("features", "Extract feature vectors (embeddings) from images.")
    {
        Arguments.Add(Images);
        Options.Add(CommonOptions.Model);
        Options.Add(Checkpoint);
        Options.Add(CommonOptions.CheckpointDirectory);
        Options.Add(CommonOptions.Device);
        Options.Add(CommonOptions.Backend);
        Options.Add(Stage);
        Options.Add(Normalize);
        Options.Add(CommonOptions.Json);
    }

    /// <summary>Values the table shows per vector; the whole vector is in the --json output.</summary>
    private const int PreviewValues = 4;

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = Bind(parseResult);
        var chunks = await InferenceHost.RunInChunksAsync(request.Model, request.CheckpointPath, request.Device, request.Backend, request.Images,
            (classifier, chunk, token) => classifier.ExtractFeaturesAsync(
                new FeatureRequest(request.Model, [.. chunk.Select(c => c.Bytes)], request.Stage, request.Normalize), token),
            cancellationToken);
        var response = FeaturesResponse.From(chunks[0] with { Features = [.. chunks.SelectMany(c => c.Features)] });
        ResultWriter.Write(parseResult, request.Json, response, r => Table(request.Images, r), response.Backend);
        return ExitCodes.Success;
    }

    private static Table Table(IReadOnlyList<FileInfo> images, FeaturesResponse response)
    {
        var table = new Table().AddColumn("Image").AddColumn("Shape").AddColumn(new TableColumn("L2 norm").RightAligned()).AddColumn("First values");
        var shape = string.Join('x', response.Shape ?? [response.Dim]);
        foreach (var (image, features) in images.Zip(response.Features))
        {
            var norm = Math.Sqrt(features.Sum(v => (double)v * v));
            table.AddRow(Markup.Escape(image.Name), shape, norm.ToString("0.0000", CultureInfo.InvariantCulture),
                string.Join(", ", features.Take(PreviewValues).Select(v => v.ToString("0.0000", CultureInfo.InvariantCulture))) + ", ...");
        }
        return table;
    }

    /// <exception cref="UnknownModelException">--model is neither a catalogue model nor a checkpoint in --checkpoint-dir.</exception>
    /// <exception cref="CheckpointMissingException">No checkpoint at --checkpoint or in --checkpoint-dir.</exception>
    public static FeaturesRequest Bind(ParseResult parseResult)
    {
        var (model, checkpoint) = CheckpointOption.ResolveServed(parseResult, Checkpoint);
        return new FeaturesRequest(
            parseResult.GetRequiredValue(Images), model, checkpoint, parseResult.GetRequiredValue(CommonOptions.Device),
            CommonOptions.GetBackend(parseResult), StageOf(parseResult), parseResult.GetValue(Normalize), parseResult.GetValue(CommonOptions.Json));
    }

    /// <summary>The parsed <c>--stage</c>; the parser has already refused any name but the accepted ones.</summary>
    private static FeatureStage StageOf(ParseResult parseResult) =>
        FeatureStageNames.TryParse(parseResult.GetRequiredValue(Stage), out var stage) ? stage : FeatureStage.Neck;
}
