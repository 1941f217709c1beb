using System.Text.Json;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Inference.Tests.Pipeline;

/// <summary>
/// What tests/reference/make_pipeline.py wrote ("pipeline" folder): encoded images and, per model, PyTorch's outputs
/// for them in manifest order. Shared with the API tests, which link this file.
/// </summary>
public sealed record PipelineReference(IReadOnlyList<string> Images, IReadOnlyList<string> Models)
{
    public const string Folder = "pipeline";
    public const string Tiny = "tiny";
    public const string CatalogueModel = "resnext50-32x4d";

    /// <summary>tiny with a rotated, rescaled head: same backbone, a different answer for every image.</summary>
    public const string TinyV2 = "tiny_v2";

    public static PipelineReference Load()
    {
        var path = ReferenceData.Require(Folder, "manifest.json");
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        return JsonSerializer.Deserialize<PipelineReference>(File.ReadAllText(path), options)
            ?? throw new InvalidDataException($"{path} is empty.");
    }

    /// <summary>The checkpoint make_models.py wrote for <paramref name="model"/> (tiny or a catalogue model).</summary>
    public static string Checkpoint(string model) => ReferenceData.Require("models", model, model + ".pth");

    public static string TinyV2Checkpoint => ReferenceData.Require(Folder, TinyV2 + ".pth");

    public byte[] ImageBytes(int index) => File.ReadAllBytes(ReferenceData.Require(Folder, Images[index]));

    public IReadOnlyList<byte[]> AllImageBytes() => [.. Enumerable.Range(0, Images.Count).Select(ImageBytes)];

    /// <summary>One row per image of <c>&lt;model&gt;.&lt;output&gt;.npy</c> (logits, softmax, neck, backbone), flattened.</summary>
    public float[][] Rows(string model, string output)
    {
        var array = NpyArray.Load(ReferenceData.Require(Folder, $"{model}.{output}.npy"));
        Assert.Equal(Images.Count, array.Shape[0]);
        var values = array.AsFloat32();
        var length = values.Length / Images.Count;
        return [.. values.Chunk(length)];
    }

    /// <summary>The shape of one image's <paramref name="output"/>, without the batch axis.</summary>
    public static int[] ShapeOf(string model, string output) =>
        NpyArray.Load(ReferenceData.Require(Folder, $"{model}.{output}.npy")).Shape[1..];
}
