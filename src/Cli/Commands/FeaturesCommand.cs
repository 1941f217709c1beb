using System.CommandLine;
using System.CommandLine.Parsing;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Model;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Commands;

/// <summary>
/// <c>resnext features IMAGE... [--model NAME] [--stage neck|backbone|pre_logits] [--normalize] [--json]</c>: the
/// command line and its binding. Not yet in <see cref="ResNeXtRootCommand"/>: running it needs the inference engine.
/// </summary>
internal sealed class FeaturesCommand : Command
{
    /// <summary>mmpretrain's spelling of the stages (<c>extract_feat(stage=...)</c>), so its users need not translate.</summary>
    private static readonly Dictionary<string, FeatureStage> StageNames = new(StringComparer.Ordinal)
    {
        ["neck"] = FeatureStage.Neck,
        ["backbone"] = FeatureStage.Backbone,
        ["pre_logits"] = FeatureStage.PreLogits,
    };

    private static readonly Argument<FileInfo[]> Images = ImageArguments.Create();
    private static readonly Option<string?> Checkpoint = CheckpointOption.Create();

    private static readonly Option<FeatureStage> Stage = new Option<FeatureStage>("--stage")
    {
        Description = "Where to take features from.",
        DefaultValueFactory = _ => FeatureStage.Neck,
        CustomParser = ParseStage,
    }.AcceptOnlyFromAmong([.. StageNames.Keys]);

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
        Options.Add(Stage);
        Options.Add(Normalize);
        Options.Add(CommonOptions.Json);
    }

    /// <exception cref="ModelNotFoundException">--model is not in the catalogue.</exception>
    /// <exception cref="CheckpointMissingException">No checkpoint at --checkpoint or in --checkpoint-dir.</exception>
    public static FeaturesRequest Bind(ParseResult parseResult)
    {
        var model = ModelCatalog.Get(parseResult.GetRequiredValue(CommonOptions.Model));
        var checkpoint = CheckpointLocator.Resolve(
            model, parseResult.GetValue(Checkpoint), parseResult.GetRequiredValue(CommonOptions.CheckpointDirectory));
        return new FeaturesRequest(
            parseResult.GetRequiredValue(Images), model, checkpoint, parseResult.GetRequiredValue(CommonOptions.Device),
            parseResult.GetValue(Stage), parseResult.GetValue(Normalize), parseResult.GetValue(CommonOptions.Json));
    }

    private static FeatureStage ParseStage(ArgumentResult result)
    {
        var name = result.Tokens[0].Value;
        if (StageNames.TryGetValue(name, out var stage))
            return stage;
        result.AddError($"'{name}' is not a stage: use {string.Join(", ", StageNames.Keys)}.");
        return default;
    }
}
