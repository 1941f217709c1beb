using Onnx;

namespace ResNeXt.Cli.Output;

/// <summary>What <c>resnext export-onnx</c> wrote, read back from the serialised graph itself.</summary>
/// <param name="Model">The catalogue model the checkpoint was checked against; null when only --checkpoint was given.</param>
/// <param name="Sha256">The checkpoint's sha256 (also in the graph's <c>checkpoint_sha256</c> metadata).</param>
/// <param name="Bytes">Size of the written file.</param>
internal sealed record OnnxExportReport(
    string? Model,
    string Checkpoint,
    string? Sha256,
    string Path,
    long Bytes,
    long IrVersion,
    long Opset,
    IReadOnlyList<OnnxTensorReport> Inputs,
    IReadOnlyList<OnnxTensorReport> Outputs)
{
    public static OnnxExportReport From(string? model, string checkpoint, string? sha256, string path, byte[] graph)
    {
        var proto = ModelProto.Parser.ParseFrom(graph);
        return new OnnxExportReport(model, checkpoint, sha256, path, graph.LongLength, proto.IrVersion,
            proto.OpsetImport.Where(o => o.Domain.Length == 0).Select(o => o.Version).FirstOrDefault(),
            [.. proto.Graph.Input.Select(OnnxTensorReport.From)], [.. proto.Graph.Output.Select(OnnxTensorReport.From)]);
    }
}

/// <param name="Shape">Each dimension's size, or its symbolic name (<c>batch</c>) when it has none.</param>
internal sealed record OnnxTensorReport(string Name, IReadOnlyList<string> Shape)
{
    public static OnnxTensorReport From(ValueInfoProto value) => new(
        value.Name,
        [.. value.Type.TensorType.Shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue
            ? d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : d.DimParam)]);

    public override string ToString() => $"{Name} [{string.Join(", ", Shape)}]";
}
