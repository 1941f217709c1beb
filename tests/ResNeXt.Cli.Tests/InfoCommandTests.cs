using System.Globalization;
using System.Text.Json;
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
