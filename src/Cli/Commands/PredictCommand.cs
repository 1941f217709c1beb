using System.CommandLine;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Commands;

/// <summary>
/// <c>resnext predict IMAGE... [--model NAME] [--checkpoint PATH] [--topk K] [--json]</c>: the command line and its
/// binding. Not yet in <see cref="ResNeXtRootCommand"/>: running it needs the inference engine.
/// </summary>
internal sealed class PredictCommand : Command
{
    public const int DefaultTopK = 5;

    private static readonly Argument<FileInfo[]> Images = ImageArguments.Create();
    private static readonly Option<string?> Checkpoint = CheckpointOption.Create();

    private static readonly Option<int> TopK = new("--topk", "-k")
    {
        Description = "How many classes to print per image, best first.",
        DefaultValueFactory = _ => DefaultTopK,
    };

    static PredictCommand() => TopK.Validators.Add(result =>
    {
        var k = result.GetValueOrDefault<int>();
        if (k < 1 || k > ImageNetCategories.All.Count)
            result.AddError($"--topk must be between 1 and {ImageNetCategories.All.Count}, not {k}.");
    });

    public PredictCommand()
        : base("predict", "Classify images into the 1000 ImageNet classes.")
    {
        Arguments.Add(Images);
        Options.Add(CommonOptions.Model);
        Options.Add(Checkpoint);
        Options.Add(CommonOptions.CheckpointDirectory);
        Options.Add(CommonOptions.Device);
        Options.Add(TopK);
        Options.Add(CommonOptions.Json);
    }

    /// <exception cref="ModelNotFoundException">--model is not in the catalogue.</exception>
    /// <exception cref="CheckpointMissingException">No checkpoint at --checkpoint or in --checkpoint-dir.</exception>
    public static PredictRequest Bind(ParseResult parseResult)
    {
        var model = ModelCatalog.Get(parseResult.GetRequiredValue(CommonOptions.Model));
        var checkpoint = CheckpointLocator.Resolve(
            model, parseResult.GetValue(Checkpoint), parseResult.GetRequiredValue(CommonOptions.CheckpointDirectory));
        return new PredictRequest(
            parseResult.GetRequiredValue(Images), model, checkpoint, parseResult.GetRequiredValue(CommonOptions.Device),
            parseResult.GetValue(TopK), parseResult.GetValue(CommonOptions.Json));
    }
}
