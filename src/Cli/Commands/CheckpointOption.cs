using System.CommandLine;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Commands;

/// <summary>The <c>--checkpoint</c> option <c>predict</c>, <c>features</c>, <c>test</c> and <c>export-onnx</c> share.</summary>
internal static class CheckpointOption
{
    public static Option<string?> Create()
    {
        var option = new Option<string?>("--checkpoint", "-c")
        {
            Description = "Checkpoint file; default: the model's file in --checkpoint-dir (<model>.safetensors, <model>.pth, then the official name).",
            HelpName = "path",
        };
        // A folder here was reported as a missing checkpoint, with advice to download one into it.
        PathOptions.InputFile(option, "a checkpoint file (a folder of checkpoints is --checkpoint-dir)", mustExist: false);
        return option;
    }

    /// <summary>The catalogue model named by --model and its checkpoint: --checkpoint, else the file in --checkpoint-dir.</summary>
    /// <exception cref="ModelNotFoundException">--model is not in the catalogue.</exception>
    /// <exception cref="CheckpointMissingException">No checkpoint at --checkpoint or in --checkpoint-dir.</exception>
    public static (ModelCatalogEntry Model, string Checkpoint) Resolve(ParseResult parseResult, Option<string?> checkpoint)
    {
        var model = ModelCatalog.Get(parseResult.GetRequiredValue(CommonOptions.Model));
        return (model, CheckpointLocator.Resolve(
            model, parseResult.GetValue(checkpoint), parseResult.GetRequiredValue(CommonOptions.CheckpointDirectory)));
    }

    /// <summary>
    /// For commands whose model name is optional with <c>--checkpoint</c> (<c>test</c>, <c>export-onnx</c>): no name and
    /// an explicit file means any ResNeXt checkpoint, its architecture read from the weights (model null); otherwise the
    /// named (or default) catalogue model, which the checkpoint must hold.
    /// </summary>
    /// <exception cref="ModelNotFoundException"><paramref name="modelName"/> is not in the catalogue.</exception>
    /// <exception cref="CheckpointMissingException">No checkpoint at --checkpoint or in --checkpoint-dir.</exception>
    public static (ModelCatalogEntry? Model, string Checkpoint) ResolveOptionalModel(
        ParseResult parseResult, string? modelName, Option<string?> checkpoint)
    {
        var explicitPath = parseResult.GetValue(checkpoint);
        if (modelName is null && explicitPath is not null)
        {
            return (null, File.Exists(explicitPath)
                ? explicitPath
                : throw new CheckpointMissingException(Path.GetFileNameWithoutExtension(explicitPath), [explicitPath]));
        }
        var model = ModelCatalog.Get(modelName ?? ModelCatalog.DefaultModel);
        return (model, CheckpointLocator.Resolve(model, explicitPath, parseResult.GetRequiredValue(CommonOptions.CheckpointDirectory)));
    }
}
