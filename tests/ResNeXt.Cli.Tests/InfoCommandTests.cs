using System.Globalization;
using System.Text.Json;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Tests;

public sealed class InfoCommandTests
{
    [Fact]
    public async Task TableListsEveryModelWithItsExactPublishedParameterCount()
    {
        var run = await CliRunner.RunAsync("info");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(4, ModelCatalog.Entries.Count);
        foreach (var entry in ModelCatalog.Entries)
        {
            var row = Assert.Single(run.Output.Split('\n'), line => line.Contains($" {entry.Name} ", StringComparison.Ordinal));
            Assert.Contains(entry.PublishedParameters.ToString("N0", CultureInfo.InvariantCulture), row);
            Assert.Contains(entry.CheckpointFileName, row);
        }
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task TableListsTheBackendsWithTheDefaultAndTheDevices()
    {
        var run = await CliRunner.RunAsync("info");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Output.Split('\n');
        var header = Assert.Single(lines, line => line.Contains(" Backend ", StringComparison.Ordinal));
        Assert.Contains(" cpu ", header);
        Assert.Contains(" cuda ", header);
        foreach (var backend in EngineBackendNames.All)
        {
            var row = Assert.Single(lines, line => line.StartsWith($"│ {backend} ", StringComparison.Ordinal));
            var cells = row.Split('│').Select(c => c.Trim()).ToArray(); // "", backend, default, cpu, cuda, ""
            Assert.Equal(backend == EngineBackendNames.OnnxRuntime ? "yes" : "", cells[2]);
            Assert.Equal("yes", cells[3]);
        }
        Assert.Contains("default to --backend onnxruntime --device cpu", run.Output);
    }

    [Fact]
    public async Task JsonCarriesTheCatalogueForScripts()
    {
        var run = await CliRunner.RunAsync("info", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(ModelCatalog.Entries.Select(e => e.Name), rows.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(ModelCatalog.Entries.Select(e => e.PublishedParameters), rows.Select(r => r.GetProperty("publishedParameters").GetInt64()));
        // Counted on the built networks: equal to the published figures only if the architecture is exactly mmpretrain's.
        Assert.Equal(ModelCatalog.Entries.Select(e => e.PublishedParameters), rows.Select(r => r.GetProperty("builtParameters").GetInt64()));
        Assert.Equal(
            ModelCatalog.Entries.Select(e => ModelCatalog.OfficialUrl(e).ToString()),
            rows.Select(r => r.GetProperty("checkpointUrl").GetString()));
    }

    [Fact]
    public async Task UnknownOptionIsAUsageError()
    {
        var run = await CliRunner.RunAsync("info", "--no-such-option");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--no-such-option", run.Error);
    }
}
