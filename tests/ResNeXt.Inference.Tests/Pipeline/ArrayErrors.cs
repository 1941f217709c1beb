namespace ResNeXt.Inference.Tests.Pipeline;

/// <summary>Error measures for comparing the engine's outputs with PyTorch's, in double precision.</summary>
public static class ArrayErrors
{
    public static double MaxAbs(IReadOnlyList<float> expected, IReadOnlyList<float> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        return expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
    }

    /// <summary>||actual - expected|| / ||expected||: scale-free, so one bound fits 512- and 2048-channel features.</summary>
    public static double RelativeL2(IReadOnlyList<float> expected, IReadOnlyList<float> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        var difference = expected.Zip(actual, (e, a) => ((double)a - e) * ((double)a - e)).Sum();
        var norm = expected.Sum(e => (double)e * e);
        return Math.Sqrt(difference / norm);
    }

    /// <summary>Highest first, ties to the lower label, as torch.topk on distinct values and the engine order them.</summary>
    public static int[] TopLabels(IReadOnlyList<float> scores, int count) =>
        [.. Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(count)];

    public static float[] L2Normalized(float[] vector)
    {
        var norm = Math.Sqrt(vector.Sum(v => (double)v * v));
        return [.. vector.Select(v => (float)(v / norm))];
    }
}
