using System.CommandLine;

namespace ResNeXt.Cli.Commands;

/// <summary>The <c>--checkpoint</c> option <c>predict</c> and <c>features</c> share.</summary>
internal static class CheckpointOption
{
    public static Option<string?> Create() => new("--checkpoint", "-c")
    {
        Description = "Checkpoint file; default: the model's file in --checkpoint-dir (<model>.safetensors, <model>.pth, then the official name).",
        HelpName = "path",
    };
}
