using System.Diagnostics;
using System.Globalization;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Tests.Reference;
using ResNeXt.Inference.Training;

namespace ResNeXt.Inference.Tests.Training;

public sealed class MmpretrainCheckpointWriterTests : IDisposable
{
    private const int Epoch = 3;
    private const long Iteration = 120;
    private const string Python = "/usr/bin/python3";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-writer-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void WrittenCheckpointReadsBackWithTheSameKeysValuesAndClasses()
    {
        using var source = CheckpointLoader.Load(ReferenceData.Require("evaluation", "tiny.pth"));
        var path = Path.Combine(_directory.FullName, "epoch_3.pth");

        MmpretrainCheckpointWriter.Save(path, StateDict(source), source.Classes, Epoch, Iteration);
        using var written = CheckpointReader.Read(path);

        var expected = source.Model.state_dict();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), written.StateDict.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected, p => Assert.True(p.Value.reshape(-1).eq(written.StateDict[p.Key].reshape(-1)).all().item<bool>(), p.Key));
        Assert.Equal(source.Classes, written.Classes);
    }

    [Fact]
    public void WrittenCheckpointLoadsWithTorchLoad()
    {
        if (!File.Exists(Python)) Assert.Skip("PyTorch reference interpreter not installed.");
        using var source = CheckpointLoader.Load(ReferenceData.Require("evaluation", "tiny.pth"));
        var path = Path.Combine(_directory.FullName, "epoch_3.pth");
        MmpretrainCheckpointWriter.Save(path, StateDict(source), source.Classes, Epoch, Iteration);

        var lines = RunPython(
            "import sys, torch\n" +
            "c = torch.load(sys.argv[1], map_location='cpu')\n" +
            "print(len(c['state_dict']))\n" +
            "print(c['meta']['epoch'], c['meta']['iter'])\n" +
            "print(','.join(c['meta']['dataset_meta']['classes']))\n" +
            "print(repr(float(sum(v.double().sum() for v in c['state_dict'].values()))))\n", path);

        var expected = source.Model.state_dict();
        Assert.Equal(expected.Count.ToString(CultureInfo.InvariantCulture), lines[0]);
        Assert.Equal($"{Epoch} {Iteration}", lines[1]);
        Assert.Equal(string.Join(',', source.Classes), lines[2]);
        var total = expected.Values.Sum(t => t.to_type(TorchSharp.torch.ScalarType.Float64).sum().item<double>());
        Assert.Equal(total, double.Parse(lines[3], CultureInfo.InvariantCulture), tolerance: Math.Abs(total) * 1e-12);
    }

    private static List<(string, TorchSharp.torch.Tensor)> StateDict(LoadedModel model) =>
        [.. model.Model.state_dict().Select(p => (p.Key, p.Value))];

    private static string[] RunPython(string script, string argument)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
