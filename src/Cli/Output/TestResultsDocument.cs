using ResNeXt.Inference.Evaluation;

namespace ResNeXt.Cli.Output;

/// <summary>
/// What <c>resnext test --out</c> writes. <see cref="Metrics"/> uses mmpretrain's own metric names
/// (<c>accuracy/top1</c>, <c>accuracy/top5</c>, in percent) so results compare directly with <c>tools/test.py</c>.
/// </summary>
internal sealed record TestResultsDocument(
    string? Model,
    string Checkpoint,
    string Sha256,
    string Data,
    string Layout,
    long Images,
    int DatasetImages,
    bool Completed,
    double ElapsedSeconds,
    double ImagesPerSecond,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<TestResultsDocument.ClassRow> PerClass,
    IReadOnlyList<Confusion> Confusions)
{
    public static TestResultsDocument From(string? model, string checkpoint, string sha256, LabelledDataset dataset, EvaluationResult result) => new(
        model, Path.GetFullPath(checkpoint), sha256, dataset.Root, dataset.Layout.ToString(), result.Report.Total, result.DatasetImages,
        result.Completed, result.Elapsed.TotalSeconds, result.ImagesPerSecond,
        result.Report.TopK.ToDictionary(t => t.MetricName, t => t.Percent),
        [.. result.Report.PerClass.Select(c => new ClassRow(c.Label, c.Name, c.Images, c.Accuracy.ToDictionary(a => $"top{a.K}", a => a.Percent)))],
        result.Report.Confusions);

    /// <param name="Accuracy">Percent of this class's images with the label among the k best, keyed <c>top{k}</c>.</param>
    public sealed record ClassRow(int Label, string Name, long Images, IReadOnlyDictionary<string, double> Accuracy);
}
