using System.Text.Json.Serialization;

namespace ResNeXt.Benchmarks.OnnxRuntimeBaseline;

/// <param name="Batches">Seconds per timed forward pass, keyed by batch size.</param>
internal sealed record BaselineReport(
    [property: JsonPropertyName("runtime")] string Runtime,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("load_s")] double LoadSeconds,
    [property: JsonPropertyName("ready_at_unix_s")] double ReadyAtUnixSeconds,
    [property: JsonPropertyName("peak_rss_bytes")] long PeakRssBytes,
    [property: JsonPropertyName("batches")] IReadOnlyDictionary<string, double[]> Batches);

[JsonSerializable(typeof(BaselineReport))]
internal sealed partial class BaselineJson : JsonSerializerContext;
