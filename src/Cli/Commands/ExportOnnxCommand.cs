using System.CommandLine;
using ResNeXt.Cli.Output;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Onnx;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Commands;

/// <summary>
/// <c>resnext export-onnx [MODEL] [--checkpoint PATH] --out FILE [--json]</c>: writes the ONNX graph the onnxruntime
/// backend serves (<see cref="OnnxRuntimeEngine.ExportGraph"/>) in its portable form, with the checkpoint's groups (on a
/// CPU with AVX-512 the service merges small groups for speed, the same function), after the same checks a load in the service makes
/// (official file names' sha256, every key and shape), so the file can be served elsewhere (Triton, ONNX Runtime) with
/// the same tensor names and numbers.
/// </summary>
internal sealed class ExportOnnxCommand : BaseCommand
{
    private static readonly Argument<string?> ModelArgument = new("model")
    {
        Description = $"Catalogue model name (see 'resnext info'); the checkpoint must hold it. Default: {ModelCatalog.DefaultModel}, " +
                      "or, with --checkpoint, whatever ResNeXt the weights hold.",
        HelpName = "model",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string?> Checkpoint = CheckpointOption.Create();

    private static readonly Option<FileInfo> Out = new Option<FileInfo>("--out", "-o")
    {
        Description = "The .onnx file to write; replaced atomically if it exists. Its folder must exist.",
        HelpName = "file",
        Required = true,
    };

    static ExportOnnxCommand()
    {
        ModelArgument.CompletionSources.Add([.. ModelCatalog.Entries.Select(e => e.Name)]);
        PathOptions.OutputFile(Out, "the .onnx file");
    }

    public ExportOnnxCommand()
        : base("export-onnx", "Write the ONNX graph (opset 17, BatchNorm folded) that the onnxruntime backend serves for a checkpoint.")
    {
        Arguments.Add(ModelArgument);
        Options.Add(Checkpoint);
        Options.Add(CommonOptions.CheckpointDirectory);
        Options.Add(Out);
        Options.Add(CommonOptions.Json);
    }

    protected override Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = Bind(parseResult);
        byte[] graph;
        string? sha256;
        // As EngineFactory loads for the onnxruntime backend: folded, on the CPU, no forward pass (so no allocator tuning).
        using (var engine = ResNeXtEngine.Load(request.CheckpointPath, new ResNeXtEngineOptions(request.Model, RetainActivationMemory: false)))
        {
            graph = OnnxRuntimeEngine.ExportGraph(engine);
            sha256 = engine.Sha256;
        }
        cancellationToken.ThrowIfCancellationRequested();
        WriteAtomically(request.OutputPath, graph);

        var report = OnnxExportReport.From(request.Model?.Name, request.CheckpointPath, sha256, request.OutputPath, graph);
        var output = parseResult.InvocationConfiguration.Output;
        if (request.Json)
        {
            CliJson.Write(output, report);
        }
        else
        {
            output.WriteLine($"Wrote {report.Path} ({ByteSize.Format(report.Bytes)}, ONNX IR {report.IrVersion}, opset {report.Opset})");
            output.WriteLine($"  from {report.Checkpoint}{(report.Sha256 is { } sha ? $" (sha256 {sha})" : "")}");
            output.WriteLine($"  input:   {string.Join(", ", report.Inputs)}");
            output.WriteLine($"  outputs: {string.Join(", ", report.Outputs)}");
        }
        return Task.FromResult(ExitCodes.Success);
    }

    /// <summary>
    /// Writes to a temporary file beside <paramref name="path"/> and renames it over the target, so a reader (or a server
    /// watching the folder) sees the old file or the whole new one, never a half-written graph.
    /// </summary>
    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <exception cref="UnknownModelException">MODEL is not in the catalogue.</exception>
    /// <exception cref="CheckpointMissingException">No checkpoint at --checkpoint or in --checkpoint-dir.</exception>
    public static ExportOnnxRequest Bind(ParseResult parseResult)
    {
        var (model, checkpoint) = CheckpointOption.ResolveOptionalModel(parseResult, parseResult.GetValue(ModelArgument), Checkpoint);
        return new ExportOnnxRequest(model, checkpoint, parseResult.GetRequiredValue(Out).FullName, parseResult.GetValue(CommonOptions.Json));
    }
}
