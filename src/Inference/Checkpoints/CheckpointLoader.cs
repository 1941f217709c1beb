using ResNeXt.Inference.Model;
using ResNeXt.Inference.Registry;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Checkpoints;

/// <summary>
/// Builds a <see cref="Model.ResNeXt"/> whose architecture is read off the checkpoint's shapes, checks that every
/// key and shape matches before copying anything (TorchSharp's load_state_dict checks no shapes), and copies
/// the weights in.
/// </summary>
public static class CheckpointLoader
{
    private const int MaxOffendingKeys = 10;
    private const string GenericClassPrefix = "class_";

    /// <param name="expectedSpec">When given, a checkpoint of another architecture is rejected.</param>
    /// <exception cref="CheckpointMismatchException">Missing, unexpected or mis-shaped keys, or another architecture.</exception>
    public static LoadedModel Load(string path, ResNeXtSpec? expectedSpec = null, bool verifyChecksum = true)
    {
        using var contents = CheckpointReader.Read(path, verifyChecksum);
        var shapes = contents.StateDict.ToDictionary(p => p.Key, p => p.Value.shape, StringComparer.Ordinal);
        var (spec, numClasses) = ArchitectureInference.Infer(shapes, path);
        if (expectedSpec is not null && !expectedSpec.Equals(spec))
            throw new CheckpointMismatchException(path, $"it holds a ResNeXt {spec}, expected {expectedSpec}.");

        var model = new Model.ResNeXt(spec, numClasses);
        try
        {
            CopyWeights(model, contents.StateDict, path);
            model.eval();
            return new LoadedModel(model, ClassNames(contents.Classes, numClasses), contents.Sha256);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static void CopyWeights(Model.ResNeXt model, IReadOnlyDictionary<string, Tensor> loaded, string path)
    {
        var expected = model.state_dict();
        var problems = new List<string>();
        problems.AddRange(expected.Keys.Where(k => !loaded.ContainsKey(k)).Select(k => $"missing {k} {Shape(expected[k])}"));
        problems.AddRange(loaded.Keys.Where(k => !expected.ContainsKey(k)).Select(k => $"unexpected {k} {Shape(loaded[k])}"));
        problems.AddRange(expected
            .Where(p => loaded.TryGetValue(p.Key, out var t) && !SameShape(p.Value, t))
            .Select(p => $"{p.Key} expects {Shape(p.Value)} but the checkpoint has {Shape(loaded[p.Key])}"));
        if (problems.Count > 0)
        {
            var more = problems.Count > MaxOffendingKeys ? $" (and {problems.Count - MaxOffendingKeys} more)" : "";
            throw new CheckpointMismatchException(path, string.Join("; ", problems.Take(MaxOffendingKeys)) + more + ".");
        }

        using var guard = no_grad();
        foreach (var (key, target) in expected)
        {
            using var source = loaded[key].reshape(target.shape);
            target.copy_(source);
        }
    }

    /// <summary>
    /// PyBridge materialises 0-d tensors (BatchNorm's num_batches_tracked) with shape [1], so a one-element
    /// tensor is accepted where a scalar is expected; every other shape must match exactly.
    /// </summary>
    private static bool SameShape(Tensor expected, Tensor actual) =>
        expected.shape.SequenceEqual(actual.shape) || (expected.dim() == 0 && actual.numel() == 1);

    private static string Shape(Tensor tensor) => $"[{string.Join(", ", tensor.shape)}]";

    /// <summary>
    /// Metadata names win when they fit the head; a 1000-way head without them is ImageNet-1k (every catalogue
    /// model); anything else gets neutral names rather than a guess.
    /// </summary>
    internal static IReadOnlyList<string> ClassNames(IReadOnlyList<string>? fromMeta, int numClasses)
    {
        if (fromMeta is not null && fromMeta.Count == numClasses) return fromMeta;
        if (numClasses == ImageNetCategories.All.Count) return ImageNetCategories.All;
        return [.. Enumerable.Range(0, numClasses).Select(i => GenericClassPrefix + i)];
    }
}
