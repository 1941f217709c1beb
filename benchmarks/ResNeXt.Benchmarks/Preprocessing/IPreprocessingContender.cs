namespace ResNeXt.Benchmarks.Preprocessing;

/// <summary>One way of turning encoded bytes into the normalised tensor, timed one round at a time so rounds can alternate.</summary>
internal interface IPreprocessingContender
{
    string Name { get; }

    /// <summary>Seconds per image of each timed iteration (single) or batch (all-cores, divided by its size), per mode and image.</summary>
    IReadOnlyDictionary<MeasurementKey, double[]> MeasureRound();
}
