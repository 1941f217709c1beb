using System.Text.Json;

namespace ResNeXt.Resilience.Tests.Infrastructure;

/// <summary>
/// Each scenario's figures, written to the test output and to one JSON file (<c>$RESNEXT_RESILIENCE_REPORT</c>, default
/// <c>resnext-resilience.json</c> in the temp folder) that docs/resilience.md quotes.
/// </summary>
public static class ResilienceReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly SortedDictionary<string, object> Scenarios = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    public static string PathName { get; } =
        Environment.GetEnvironmentVariable("RESNEXT_RESILIENCE_REPORT") is { Length: > 0 } path
            ? path
            : Path.Combine(Path.GetTempPath(), "resnext-resilience.json");

    public static void Add(string scenario, object figures)
    {
        string text;
        lock (Gate)
        {
            Scenarios[scenario] = figures;
            text = JsonSerializer.Serialize(Scenarios, Json);
            File.WriteAllText(PathName, text);
        }
        TestContext.Current.SendDiagnosticMessage($"{scenario}: {JsonSerializer.Serialize(figures, Json)}");
        TestContext.Current.TestOutputHelper?.WriteLine($"{scenario} (also in {PathName}):\n{JsonSerializer.Serialize(figures, Json)}");
    }
}
