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
    /// For <c>predict</c> and <c>features</c>, which run through the service's registry: the model name to serve and its
    /// checkpoint, named as the service names them. A catalogue model's architecture is checked against the weights;
    /// any other name's is read from them, so checkpoints <c>resnext train</c> wrote (<c>--model tiny</c> among them)
    /// work as the service serves them.
    /// <list type="bullet">
    /// <item>--checkpoint without --model: the file's own model (its stem, or the catalogue model whose file it is).</item>
    /// <item>--model NAME --checkpoint PATH: that file under that name, as <c>Models:Checkpoints:NAME</c>.</item>
    /// <item>--model NAME alone: a catalogue model's file, or NAME.safetensors/.pth in --checkpoint-dir, as the service
    /// finds files dropped into its models folder.</item>
    /// </list>
    /// </summary>
    /// <exception cref="UnknownModelException">--model is neither a catalogue model nor a file in --checkpoint-dir.</exception>
    /// <exception cref="CheckpointMissingException">No checkpoint at --checkpoint or in --checkpoint-dir.</exception>
    public static (string Model, string Checkpoint) ResolveServed(ParseResult parseResult, Option<string?> checkpoint)
    {
        var explicitPath = parseResult.GetValue(checkpoint);
        var directory = parseResult.GetRequiredValue(CommonOptions.CheckpointDirectory);
        var modelGiven = parseResult.GetResult(CommonOptions.Model) is { Implicit: false };
        var name = modelGiven || explicitPath is null ? parseResult.GetRequiredValue(CommonOptions.Model) : NameOf(explicitPath);

        if (ModelCatalog.TryGet(name, out var entry))
            return (name, CheckpointLocator.Resolve(entry, explicitPath, directory));
        if (!name.All(RegistryOptions.IsNameCharacter))
            throw new UnknownModelException(name);
        return (name, explicitPath is not null
            ? CheckpointLocator.Existing(explicitPath, Path.GetFileNameWithoutExtension(explicitPath))
            : CheckpointLocator.FindNamed(name, directory) ?? throw new UnknownModelException(name));
    }

    /// <summary>
    /// The name the service gives a checkpoint file: the catalogue model whose official file it is, else its stem, with
    /// what a model name may not hold replaced (the registry refuses such names).
    /// </summary>
    private static string NameOf(string path)
    {
        var fileName = Path.GetFileName(path);
        if (ModelCatalog.Entries.FirstOrDefault(e => e.CheckpointFileName == fileName) is { } official)
            return official.Name;
        var stem = new string([.. Path.GetFileNameWithoutExtension(fileName).Select(c => RegistryOptions.IsNameCharacter(c) ? c : '_')]);
        return stem.Length > 0 ? stem : "checkpoint";
    }

    /// <summary>
    /// For commands whose model name is optional with <c>--checkpoint</c> (<c>test</c>, <c>export-onnx</c>): no name and
    /// an explicit file means any ResNeXt checkpoint, its architecture read from the weights (model null); otherwise the
    /// named (or default) catalogue model, which the checkpoint must hold.
    /// </summary>
    /// <exception cref="UnknownModelException"><paramref name="modelName"/> is not in the catalogue.</exception>
    /// <exception cref="CheckpointMissingException">No checkpoint at --checkpoint or in --checkpoint-dir.</exception>
    public static (ModelCatalogEntry? Model, string Checkpoint) ResolveOptionalModel(
        ParseResult parseResult, string? modelName, Option<string?> checkpoint)
    {
        var explicitPath = parseResult.GetValue(checkpoint);
        if (modelName is null && explicitPath is not null)
        {
            return (null, CheckpointLocator.Existing(explicitPath, Path.GetFileNameWithoutExtension(explicitPath)));
        }
        var name = modelName ?? ModelCatalog.DefaultModel;
        var model = ModelCatalog.TryGet(name, out var entry) ? entry : throw new UnknownModelException(name);
        return (model, CheckpointLocator.Resolve(model, explicitPath, parseResult.GetRequiredValue(CommonOptions.CheckpointDirectory)));
    }
}
