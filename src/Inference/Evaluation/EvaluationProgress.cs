namespace ResNeXt.Inference.Evaluation;

/// <summary>Where an evaluation stands after a batch.</summary>
public sealed record EvaluationProgress(int Processed, int Total, TimeSpan Elapsed)
{
    public double ImagesPerSecond => Elapsed > TimeSpan.Zero ? Processed / Elapsed.TotalSeconds : 0;
}
