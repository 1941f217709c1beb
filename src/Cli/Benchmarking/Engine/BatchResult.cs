namespace ResNeXt.Cli.Benchmarking.Engine;

/// <summary>One engine at one batch size: throughput and time per batch over the rounds (each round's median iteration).</summary>
internal sealed record BatchResult(int BatchSize, Spread ImagesPerSecond, Spread MillisecondsPerBatch)
{
    private const double MillisecondsPerSecond = 1000;

    /// <param name="rounds">Per round, the seconds of each timed pass at <paramref name="batchSize"/>.</param>
    public static BatchResult Summarise(int batchSize, IEnumerable<double[]> rounds)
    {
        var perRound = rounds.Select(Spread.MedianOf).ToList();
        return new BatchResult(batchSize, Spread.Of(perRound.Select(s => batchSize / s)), Spread.Of(perRound.Select(s => s * MillisecondsPerSecond)));
    }
}
