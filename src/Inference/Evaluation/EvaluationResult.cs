namespace ResNeXt.Inference.Evaluation;

/// <param name="Completed">False when the run was cancelled: the report then covers the first <c>Report.Total</c> images only.</param>
public sealed record EvaluationResult(AccuracyReport Report, int DatasetImages, bool Completed, TimeSpan Elapsed)
{
    public double ImagesPerSecond => Elapsed > TimeSpan.Zero ? Report.Total / Elapsed.TotalSeconds : 0;
}
