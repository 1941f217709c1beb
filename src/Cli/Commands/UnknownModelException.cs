using ResNeXt.Inference;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Training;

namespace ResNeXt.Cli.Commands;

/// <summary>
/// A <c>--model</c> that names no catalogue model (nor, for predict and features, a checkpoint in <c>--checkpoint-dir</c>): the engine's
/// "model-not-found" (exit code 3), saying how a checkpoint outside the catalogue is used, since <c>train --model tiny</c>
/// writes exactly such files.
/// </summary>
internal sealed class UnknownModelException(string name)
    : InferenceException("model-not-found",
        $"Unknown model '{name}'. Known models: {string.Join(", ", ModelCatalog.Entries.Select(e => e.Name))}. " +
        $"A checkpoint of another ResNeXt (such as one 'resnext train --model {TrainingModels.TinyName}' wrote) is given with " +
        "--checkpoint PATH and no --model; its architecture is read from the weights.")
{
    public string ModelName { get; } = name;
}
