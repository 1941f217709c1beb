using System.Text.Json;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Inference.Tests.Evaluation;

/// <summary>What tests/reference/make_evaluation.py computed with PyTorch for its generated dataset.</summary>
internal sealed record EvaluationReference(double Top1, double Top5, int Images, int[] Labels, int[] PerClassImages, int[] PerClassTop1Correct)
{
    public static string Checkpoint => ReferenceData.Require("evaluation", "tiny.pth");

    public static string ImageNetLayout => ReferenceData.Require("evaluation", "imagenet");

    public static string FolderLayout => ReferenceData.Require("evaluation", "folders");

    public static EvaluationReference Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(ReferenceData.Require("evaluation", "expected.json")));
        var root = json.RootElement;
        return new EvaluationReference(
            root.GetProperty("accuracy/top1").GetDouble(),
            root.GetProperty("accuracy/top5").GetDouble(),
            root.GetProperty("images").GetInt32(),
            Ints(root.GetProperty("labels")),
            Ints(root.GetProperty("perClassImages")),
            Ints(root.GetProperty("perClassTop1Correct")));
    }

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];
}
