using System.CommandLine;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Commands;

/// <summary>The <c>--checkpoint</c> option <c>predict</c> and <c>features</c> share.</summary>
internal static class CheckpointOption
{
    public static Option<string?> Create() => new("--checkpoint", "-c")
    {
        Description = "Checkpoint file; default: the model's file in --checkpoint-dir (<model>.safetensors, <model>.pth, then the official name).",
        HelpName = "path",
    };

    /// <summary>The catalogue model named by --model and its checkpoint: --checkpoint, else the file in --checkpoint-dir.</summary>
    /// <exception cref="ModelNotFoundException">--model is not in the catalogue.</exception>
    /// <exception cref="CheckpointMissingException">No checkpoint at --checkpoint or in --checkpoint-dir.</exception>
    public static (ModelCatalogEntry Model, string Checkpoint) Resolve(ParseResult parseResult, Option<string?> checkpoint)
    {
        var model = ModelCatalog.Get(parseResult.GetRequiredValue(CommonOptions.Model));
        return (model, CheckpointLocator.Resolve(
            model, parseResult.GetValue(checkpoint), parseResult.GetRequiredValue(CommonOptions.CheckpointDirectory)));
    }
}
