using System.Text.Json;
using ResNeXt.Inference.Model;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Inference.Tests.Model;

/// <summary>The folders tests/reference/make_models.py writes: one per catalogue model plus "tiny".</summary>
public static class ReferenceModels
{
    public const string Tiny = "tiny";

    public static string File(string model, string file) => ReferenceData.Require("models", model, file);

    public static string Checkpoint(string model) => File(model, model + ".pth");

    /// <summary>The ordered (key, shape) list PyTorch's state_dict() produced.</summary>
    public static IReadOnlyList<(string Key, long[] Shape)> Keys(string model)
    {
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(File(model, "keys.json")));
        return [.. json.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.EnumerateArray().Select(d => d.GetInt64()).ToArray()))];
    }

    public static (ResNeXtSpec Spec, int NumClasses) Spec(string model)
    {
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(File(model, "spec.json")));
        var root = json.RootElement;
        int Get(string name) => root.GetProperty(name).GetInt32();
        var spec = new ResNeXtSpec([.. root.GetProperty("blocks").EnumerateArray().Select(b => b.GetInt32())],
            Get("groups"), Get("width"), Get("base"), Get("stem"));
        return (spec, Get("num_classes"));
    }
}
