using System.Text.Json;

namespace ResNeXt.Inference.Training;

/// <summary>The per-epoch log, one JSON object per line (mmengine's <c>vis_data/scalars.json</c> is the same idea).</summary>
public static class TrainingLog
{
    public const string FileName = "epochs.jsonl";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Write(string path, IEnumerable<EpochRecord> records) =>
        File.WriteAllLines(path, records.Select(r => JsonSerializer.Serialize(r, Json)));

    public static IReadOnlyList<EpochRecord> Read(string path) =>
        File.Exists(path)
            ? [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<EpochRecord>(l, Json)!)]
            : [];
}
