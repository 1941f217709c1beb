using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Commands;

/// <summary>A parsed <c>resnext test</c> command line, checkpoint already located.</summary>
/// <param name="Model">The catalogue entry the checkpoint must match; null when only --checkpoint was given.</param>
internal sealed record TestRequest(
    ModelCatalogEntry? Model,
    string CheckpointPath,
    string Data,
    string? AnnotationFile,
    int BatchSize,
    string Device,
    string? OutputPath,
    bool Json);
