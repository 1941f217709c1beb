using System.Text.Json.Serialization;

namespace ResNeXt.Benchmarks.Startup;

/// <param name="PyTorch">Null when the baseline was not run; then <paramref name="PyTorchRounds"/> is empty.</param>
internal sealed record StartupModelResult(
    string Model,
    string CheckpointPath,
    long CheckpointBytes,
    ServiceSummary Service,
    [property: JsonPropertyName("pytorch")] PyTorchSummary? PyTorch,
    IReadOnlyList<ServiceRound> ServiceRounds,
    [property: JsonPropertyName("pytorchRounds")] IReadOnlyList<PyTorchRound> PyTorchRounds)
{
    public static StartupModelResult Of(string model, string checkpointPath, IReadOnlyList<ServiceRound> service, IReadOnlyList<PyTorchRound> pytorch) =>
        new(model, checkpointPath, new FileInfo(checkpointPath).Length, ServiceSummary.Of(service),
            pytorch.Count == 0 ? null : PyTorchSummary.Of(pytorch), service, pytorch);
}
