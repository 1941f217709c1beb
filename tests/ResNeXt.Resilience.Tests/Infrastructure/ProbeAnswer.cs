using System.Globalization;
using System.Text.Json;

namespace ResNeXt.Resilience.Tests.Infrastructure;

/// <summary>
/// The part of a predict response that identifies the weights that produced it: the checkpoint hash and, per image,
/// the label and its score printed round-trip, so two answers are equal only if the weights were.
/// </summary>
public sealed record ProbeAnswer(string? Sha256, IReadOnlyList<string> Images)
{
    /// <summary>True when every image of the response got the same answer (the request sends one image several times).</summary>
    public bool IsConsistent => Images.Distinct(StringComparer.Ordinal).Count() == 1;

    public static ProbeAnswer Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var sha = root.GetProperty("checkpoint") is { ValueKind: JsonValueKind.Object } checkpoint ? checkpoint.GetProperty("sha256").GetString() : null;
        var images = root.GetProperty("predictions").EnumerateArray()
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.GetProperty("pred_label").GetInt32()}:{p.GetProperty("pred_score").GetSingle():R}"))
            .ToArray();
        return new ProbeAnswer(sha, images);
    }
}
