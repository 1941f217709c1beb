namespace ResNeXt.Inference.Evaluation;

/// <summary>
/// mmpretrain's <c>Accuracy(topk=(1, 5))</c> (mmpretrain/evaluation/metrics/single_label.py): a sample is top-k correct
/// when its label is among the first k classes of <c>pred_score.topk(maxk)</c>, and the result is
/// <c>correct_k.mul_(100. / num)</c>. Also keeps per-class counts and the top-1 confusions, which mmpretrain's metric
/// does not report but which say where a model goes wrong. Not thread-safe: fed by one thread.
/// </summary>
public sealed class AccuracyMetric
{
    /// <summary>mmpretrain's ImageNet evaluator: <c>dict(type='Accuracy', topk=(1, 5))</c>.</summary>
    public static IReadOnlyList<int> DefaultTopK { get; } = [1, 5];

    /// <summary>Enough to see the pattern of mistakes without printing a 1000 x 1000 matrix.</summary>
    public const int DefaultMaxConfusions = 20;

    private readonly int numClasses;
    private readonly int[] ks;
    private readonly long[] correct;
    private readonly long[] imagesPerClass;
    private readonly long[,] correctPerClass;
    private readonly Dictionary<(int Label, int Predicted), long> confusions = [];

    /// <param name="topK">
    /// Values of k; those above <paramref name="numClasses"/> are dropped, since every label is then trivially
    /// "among the k best" (mmpretrain's <c>topk</c> would raise instead).
    /// </param>
    public AccuracyMetric(int numClasses, IReadOnlyList<int>? topK = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numClasses);
        this.numClasses = numClasses;
        ks = [.. (topK ?? DefaultTopK).Where(k => k <= numClasses).Distinct().Order()];
        if (ks.Length == 0 || ks[0] < 1)
            throw new ArgumentException($"Top-k values must lie in 1..{numClasses}.", nameof(topK));
        correct = new long[ks.Length];
        imagesPerClass = new long[numClasses];
        correctPerClass = new long[numClasses, ks.Length];
    }

    /// <summary>How many ranked predictions <see cref="Add"/> needs per sample.</summary>
    public int MaxK => ks[^1];

    public IReadOnlyList<int> Ks => ks;

    public long Total { get; private set; }

    /// <param name="ranked">Class indices best first (at least <see cref="MaxK"/>), as <c>torch.topk</c> orders them.</param>
    public void Add(int label, ReadOnlySpan<int> ranked)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, numClasses);
        ArgumentOutOfRangeException.ThrowIfLessThan(ranked.Length, MaxK, nameof(ranked));

        Total++;
        imagesPerClass[label]++;
        var rank = ranked[..MaxK].IndexOf(label);
        for (var i = 0; i < ks.Length; i++)
        {
            if (rank < 0 || rank >= ks[i]) continue;
            correct[i]++;
            correctPerClass[label, i]++;
        }
        if (ranked[0] != label)
            confusions[(label, ranked[0])] = confusions.GetValueOrDefault((label, ranked[0])) + 1;
    }

    public AccuracyReport Report(IReadOnlyList<string> classNames, int maxConfusions = DefaultMaxConfusions)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(classNames.Count, numClasses, nameof(classNames));
        var overall = ks.Select((k, i) => Accuracy(k, correct[i], Total)).ToList();
        var perClass = Enumerable.Range(0, numClasses)
            .Select(c => new ClassAccuracy(c, classNames[c], imagesPerClass[c],
                [.. ks.Select((k, i) => Accuracy(k, correctPerClass[c, i], imagesPerClass[c]))]))
            .ToList();
        var worst = confusions
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key.Label).ThenBy(p => p.Key.Predicted)
            .Take(maxConfusions)
            .Select(p => new Confusion(p.Key.Label, classNames[p.Key.Label], p.Key.Predicted, classNames[p.Key.Predicted], p.Value))
            .ToList();
        return new AccuracyReport(Total, overall, perClass, worst);
    }

    private static TopKAccuracy Accuracy(int k, long hits, long total) => new(k, hits, total, Percent(hits, total));

    /// <summary>
    /// mmpretrain computes <c>correct_k.mul_(100. / num)</c> on a float32 tensor: libtorch rounds the Python double
    /// 100/num to float32, multiplies in float32, and <c>.item()</c> widens the float32 result. Doing the same keeps
    /// the percentages bit-identical to mmpretrain's (37.5 stays 37.5, 1/3 becomes 33.33333206176758, not 33.333...).
    /// An empty set scores 0 rather than NaN.
    /// </summary>
    public static double Percent(long hits, long total) =>
        total == 0 ? 0 : (double)((float)hits * (float)(100.0 / total));
}
