using System.Text.Json.Serialization;

namespace ResNeXt.Benchmarks.Startup;

/// <param name="Backends">One entry per backend measured, in the order --backend named them.</param>
/// <param name="OnnxRuntimeOverTorchSharp">Null unless both backends were measured.</param>
/// <param name="PyTorch">Null when the baseline was not run; then <paramref name="PyTorchRounds"/> is empty.</param>
internal sealed record StartupModelResult(
    string Model,
    string CheckpointPath,
    long CheckpointBytes,
    IReadOnlyList<StartupBackendResult> Backends,
    [property: JsonPropertyName("onnxruntimeOverTorchsharp")] BackendRatio? OnnxRuntimeOverTorchSharp,
    [property: JsonPropertyName("pytorch")] PyTorchSummary? PyTorch,
    [property: JsonPropertyName("pytorchRounds")] IReadOnlyList<PyTorchRound> PyTorchRounds)
{
    /// <param name="service">The rounds of each backend, keyed by its name, in the order --backend named them.</param>
    public static StartupModelResult Of(string model, string checkpointPath, IEnumerable<KeyValuePair<string, IReadOnlyList<ServiceRound>>> service,
        IReadOnlyList<PyTorchRound> pytorch)
    {
        List<StartupBackendResult> backends = [.. service.Select(s => StartupBackendResult.Of(s.Key, s.Value))];
        return new(model, checkpointPath, new FileInfo(checkpointPath).Length, backends, BackendRatio.Of(backends),
            pytorch.Count == 0 ? null : PyTorchSummary.Of(pytorch), pytorch);
    }

    /// <summary>The backend's result, or null when it was not measured.</summary>
    public StartupBackendResult? For(string backend) => Backends.SingleOrDefault(b => b.Backend == backend);
}
