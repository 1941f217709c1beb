using System.Globalization;
using System.Text.RegularExpressions;
using ResNeXt.Inference.Model;

namespace ResNeXt.Inference.Checkpoints;

/// <summary>
/// Recovers a <see cref="ResNeXtSpec"/> and the class count from state-dict shapes alone, so checkpoints outside
/// the catalogue (and the tests' reduced-width models) load without being described first.
/// </summary>
internal static partial class ArchitectureInference
{
    private const string StemConv = "backbone.conv1.weight";
    private const string FirstExpand = "backbone.layer1.0.conv3.weight";
    private const string FirstGrouped = "backbone.layer1.0.conv2.weight";
    private const string Classifier = "head.fc.weight";

    public static (ResNeXtSpec Spec, int NumClasses) Infer(IReadOnlyDictionary<string, long[]> shapes, string path)
    {
        var stem = Dimension(shapes, StemConv, 0, path);
        // conv3 of stage 0 expands "planes" (the base width) by the bottleneck expansion.
        var baseChannels = Dimension(shapes, FirstExpand, 0, path) / ResNeXtSpec.Expansion;
        // A grouped conv's weight is [out, in / groups, k, k]; stage 0's mid width is groups x width_per_group.
        var mid = Dimension(shapes, FirstGrouped, 0, path);
        var inPerGroup = Dimension(shapes, FirstGrouped, 1, path);
        var groups = mid / inPerGroup;
        var numClasses = Dimension(shapes, Classifier, 0, path);
        var blocks = BlocksPerStage(shapes.Keys);
        var empty = Array.IndexOf(blocks, 0);
        if (empty >= 0)
            throw new CheckpointMismatchException(path, $"no backbone.layer{empty + 1}.* keys: a ResNeXt has {ResNeXtBackbone.Stages} stages.");
        var spec = new ResNeXtSpec(blocks, groups, mid / groups, baseChannels, stem);
        return (spec, numClasses);
    }

    private static int[] BlocksPerStage(IEnumerable<string> keys)
    {
        var blocks = new int[ResNeXtBackbone.Stages];
        foreach (var key in keys)
        {
            var match = BlockKey().Match(key);
            if (!match.Success) continue;
            var stage = int.Parse(match.Groups["stage"].ValueSpan, CultureInfo.InvariantCulture) - 1;
            var block = int.Parse(match.Groups["block"].ValueSpan, CultureInfo.InvariantCulture);
            // Stages beyond four are left to key validation, which reports them as unexpected keys.
            if (stage >= 0 && stage < blocks.Length)
                blocks[stage] = Math.Max(blocks[stage], block + 1);
        }
        return blocks;
    }

    private static int Dimension(IReadOnlyDictionary<string, long[]> shapes, string key, int axis, string path)
    {
        if (!shapes.TryGetValue(key, out var shape))
            throw new CheckpointMismatchException(path, $"missing key {key}, needed to infer the architecture.");
        if (shape.Length <= axis || shape[axis] <= 0)
            throw new CheckpointMismatchException(path, $"{key} has shape [{string.Join(", ", shape)}], not a ResNeXt weight.");
        return checked((int)shape[axis]);
    }

    [GeneratedRegex(@"^backbone\.layer(?<stage>\d+)\.(?<block>\d+)\.")]
    private static partial Regex BlockKey();
}
