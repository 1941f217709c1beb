using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ResNeXt.Inference.Onnx;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Cli.Tests;

public sealed class ExportOnnxCommandTests : IDisposable
{
    /// <summary>The project's logits parity bound against PyTorch (the engine parity tests use the same).</summary>
    private const double LogitsMaxAbsError = 1e-3;

    private static readonly string[] ServedOutputs =
        [OnnxTensorNames.Logits, OnnxTensorNames.Probabilities, OnnxTensorNames.Features, OnnxTensorNames.FeatureMap];

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-cli-onnx-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string OutPath => Path.Combine(_directory.FullName, "tiny.onnx");

    private static string TinyCheckpoint => ReferenceData.Require("models", "tiny", "tiny.pth");

    [Fact]
    public async Task ExportedTinyGraphPassesTheOnnxChecker()
    {
        OnnxCheckerRequirement.Require();
        var checkpoint = TinyCheckpoint;

        var run = await CliRunner.RunAsync("export-onnx", "--checkpoint", checkpoint, "--out", OutPath);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Error);
        Assert.Contains(OutPath, run.Output);
        foreach (var name in ServedOutputs) Assert.Contains(name + " [batch", run.Output);
        var (exitCode, error) = await CheckAsync(OutPath);
        Assert.True(exitCode == 0, $"onnx.checker.check_model(full_check=True) rejected the graph: {error}");
    }

    [Fact]
    public async Task ExportedTinyGraphReproducesThePyTorchLogitsInOnnxRuntime()
    {
        var inputs = NpyArray.Load(ReferenceData.Require("models", "tiny", "inputs.npy"));
        var expected = NpyArray.Load(ReferenceData.Require("models", "tiny", "logits.npy"));

        var run = await CliRunner.RunAsync("export-onnx", "--checkpoint", TinyCheckpoint, "--out", OutPath, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using (var report = JsonDocument.Parse(run.Output))
        {
            Assert.Equal(OutPath, report.RootElement.GetProperty("path").GetString());
            Assert.Equal(new FileInfo(OutPath).Length, report.RootElement.GetProperty("bytes").GetInt64());
            Assert.Equal(ServedOutputs, report.RootElement.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        }

        using var session = new InferenceSession(OutPath);
        Assert.Equal(ServedOutputs, session.OutputNames);
        var input = new DenseTensor<float>(inputs.AsFloat32(), inputs.Shape);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxTensorNames.Input, input)], [OnnxTensorNames.Logits]);
        var logits = results.Single().AsTensor<float>();

        Assert.Equal(expected.Shape, logits.Dimensions.ToArray());
        var error = expected.AsFloat32().Zip(logits.ToArray(), (e, a) => Math.Abs((double)e - a)).Max();
        TestContext.Current.TestOutputHelper?.WriteLine($"tiny: exported graph in ONNX Runtime, logits max|err| {error:E2}");
        Assert.True(error <= LogitsMaxAbsError, $"logits max abs error {error}");
    }

    [Fact]
    public async Task AnExistingFileIsReplacedWholeAndNoTemporaryFileIsLeft()
    {
        await File.WriteAllTextAsync(OutPath, "old", TestContext.Current.CancellationToken);

        var run = await CliRunner.RunAsync("export-onnx", "--checkpoint", TinyCheckpoint, "--out", OutPath);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal([OutPath], Directory.GetFiles(_directory.FullName));
        Assert.True(new FileInfo(OutPath).Length > 1000);
    }

    [Fact]
    public async Task MissingCheckpointIsCheckpointMissing()
    {
        var run = await CliRunner.RunAsync("export-onnx", "--checkpoint", Path.Combine(_directory.FullName, "absent.pth"), "--out", OutPath);

        Assert.Equal(ExitCodes.CheckpointMissing, run.ExitCode);
        Assert.StartsWith("error: No checkpoint", Assert.Single(run.ErrorLines));
        Assert.False(File.Exists(OutPath));
    }

    [Fact]
    public async Task CatalogueModelWithoutItsCheckpointIsCheckpointMissing()
    {
        var run = await CliRunner.RunAsync("export-onnx", "resnext50-32x4d", "--dir", _directory.FullName, "--out", OutPath);

        Assert.Equal(ExitCodes.CheckpointMissing, run.ExitCode);
        Assert.Contains("resnext download resnext50-32x4d", run.Error);
    }

    [Fact]
    public async Task UnknownModelIsModelNotFound()
    {
        var run = await CliRunner.RunAsync("export-onnx", "resnext9000", "--dir", _directory.FullName, "--out", OutPath);

        Assert.Equal(ExitCodes.ModelNotFound, run.ExitCode);
    }

    [Fact]
    public async Task OutputInAMissingFolderIsAUsageError()
    {
        var run = await CliRunner.RunAsync("export-onnx", "--checkpoint", TinyCheckpoint, "--out", Path.Combine(_directory.FullName, "no", "x.onnx"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("does not exist", run.Error);
    }

    [Fact]
    public async Task CheckpointOfAnotherArchitectureIsRejected()
    {
        var run = await CliRunner.RunAsync("export-onnx", "resnext50-32x4d", "--checkpoint", TinyCheckpoint, "--out", OutPath);

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains("does not match", run.Error);
        Assert.False(File.Exists(OutPath));
    }

    private static async Task<(int ExitCode, string Error)> CheckAsync(string path)
    {
        const string Check = "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)";
        var start = new ProcessStartInfo(OnnxCheckerRequirement.Interpreter, ["-c", Check, path]) { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, error.Trim());
    }
}
