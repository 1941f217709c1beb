using ResNeXt.Inference.Evaluation;
using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Inference.Training;

/// <summary>
/// mmengine's DefaultSampler(shuffle=True) with the train pipeline: a fresh permutation every epoch, each batch
/// augmented by a pool of threads while the previous one trains. Every random draw comes from a generator seeded
/// by (seed, epoch, position), so an epoch's batches are identical whatever the thread scheduling and whether or
/// not the run was resumed.
/// </summary>
internal sealed class TrainingBatchLoader(IReadOnlyList<LabelledImage> images, int batchSize, int seed, int decodeThreads)
{
    /// <summary>Large odd multipliers keep the per-epoch and per-image seeds apart.</summary>
    private const int EpochSeedStride = 1_000_003;
    private const int PositionSeedStride = 7_919;

    /// <summary>
    /// A batch of one cannot train BatchNorm (PyTorch raises "Expected more than 1 value per channel"), so a final
    /// batch of one image is left out of the epoch, as drop_last would.
    /// </summary>
    private const int MinimumBatch = 2;

    private readonly TrainingTransform transform = new(ImagePreprocessor.DefaultMaxPixels);

    public int BatchesPerEpoch => images.Count / batchSize + (images.Count % batchSize >= MinimumBatch ? 1 : 0);

    public IEnumerable<TrainingBatch> Epoch(int epoch, CancellationToken cancellationToken)
    {
        var order = Enumerable.Range(0, images.Count).ToArray();
        new Random(unchecked(seed + epoch * EpochSeedStride)).Shuffle(order);
        var chunks = order.Chunk(batchSize).Where(c => c.Length >= MinimumBatch).ToArray();

        var next = chunks.Length > 0 ? Prepare(epoch, 0, chunks[0], cancellationToken) : null;
        for (var i = 0; i < chunks.Length; i++)
        {
            if (Take(next!, cancellationToken) is not { } current) yield break;
            next = i + 1 < chunks.Length ? Prepare(epoch, (i + 1) * batchSize, chunks[i + 1], cancellationToken) : null;
            yield return current;
        }
    }

    /// <summary>
    /// Null once cancelled: the epoch then ends early, as the trainer expects, instead of throwing the prefetch's
    /// cancellation out of the whole run (which lost the partial result a cancelled run reports).
    /// </summary>
    private static TrainingBatch? Take(Task<TrainingBatch> prepared, CancellationToken cancellationToken)
    {
        try
        {
            return prepared.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private Task<TrainingBatch> Prepare(int epoch, int firstPosition, int[] indices, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var input = new float[indices.Length * ImageNetPipeline.TensorLength];
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = decodeThreads, CancellationToken = cancellationToken };
            DatasetImages.ForEach(indices.Length, parallel, i =>
            {
                var random = new Random(unchecked(seed + epoch * EpochSeedStride + (firstPosition + i) * PositionSeedStride));
                var image = images[indices[i]];
                try
                {
                    transform.Apply(File.ReadAllBytes(image.Path), random, input.AsSpan(i * ImageNetPipeline.TensorLength, ImageNetPipeline.TensorLength));
                }
                catch (InvalidImageException error)
                {
                    throw DatasetImages.InFile(image.Path, error);
                }
            });
            return new TrainingBatch(input, [.. indices.Select(i => (long)images[i].Label)]);
        }, cancellationToken);
}
