namespace ResNeXt.Deploy.Tests.Repository;

/// <summary>The main command a newcomer runs: a first request gets a real prediction, containers never reach out on their own.</summary>
public sealed class RunScriptTests
{
    [Fact]
    public void RunShTurnsAutoDownloadOnUnlessTheCallerSaysOtherwise()
    {
        var script = File.ReadAllLines(RepositoryPaths.Get("run.sh"));

        Assert.Contains("export Models__AutoDownload=\"${Models__AutoDownload:-true}\"", script);
        Assert.True(Array.FindIndex(script, l => l.Contains("Models__AutoDownload", StringComparison.Ordinal))
            < Array.FindIndex(script, l => l.StartsWith("exec ", StringComparison.Ordinal)), "the setting must be exported before the service starts");
    }

    [Fact]
    public void TheDefaultsOfTheServiceItselfKeepAutoDownloadOff()
    {
        var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Get("src", "Api", "appsettings.json"))).RootElement;

        Assert.False(settings.TryGetProperty("Models", out var models) && models.TryGetProperty("AutoDownload", out var value) && value.GetBoolean());
    }
}
