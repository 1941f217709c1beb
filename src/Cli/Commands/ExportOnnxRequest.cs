using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Commands;

/// <summary>A parsed <c>resnext export-onnx</c> command line, checkpoint already located.</summary>
/// <param name="Model">The catalogue entry the checkpoint must match; null when only --checkpoint was given.</param>
/// <param name="OutputPath">Absolute path of the .onnx file to write.</param>
internal sealed record ExportOnnxRequest(ModelCatalogEntry? Model, string CheckpointPath, string OutputPath, bool Json);
