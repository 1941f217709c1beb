using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Inference.Evaluation;

/// <summary>
/// mmpretrain's <c>tools/test.py</c> for one model: every image through the inference preprocessing, batched forward
/// passes, <see cref="AccuracyMetric"/> over the softmax scores. Decoding runs on a pool of threads one batch ahead,
/// while the forward passes stay on the calling thread (the runner is not thread-safe and libtorch's thread settings
/// belong to the thread that made them).
/// </summary>
public sealed class DatasetEvaluator
{
    private static readonly TimeSpan ProducerPoll = TimeSpan.FromMilliseconds(50);

    private readonly IBatchRunner runner;
    private readonly IReadOnlyList<string> classNames;
    private readonly EvaluationOptions options;
    private readonly ImagePreprocessor preprocessor;

    public DatasetEvaluator(IBatchRunner runner, IReadOnlyList<string> classNames, EvaluationOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(classNames.Count, runner.NumClasses, nameof(classNames));
        this.options = options ?? new EvaluationOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.options.BatchSize, nameof(options));
        this.runner = runner;
        this.classNames = classNames;
        preprocessor = new ImagePreprocessor(this.options.MaxImagePixels);
    }

    /// <summary>
    /// Scores every image of <paramref name="dataset"/>. Cancelling stops after the batch in flight and returns what was
    /// scored so far with <see cref="EvaluationResult.Completed"/> false, rather than throwing the work away.
    /// </summary>
    /// <exception cref="InvalidDatasetException">Labels beyond the model's classes, or a listed file is missing.</exception>
    /// <exception cref="InvalidImageException">A file is not a decodable image (its path is in the message).</exception>
    public EvaluationResult Evaluate(
        LabelledDataset dataset, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (dataset.MinimumClassCount > runner.NumClasses)
        {
            throw new InvalidDatasetException(
                $"The dataset has labels up to {dataset.MinimumClassCount - 1} but the model predicts {runner.NumClasses} classes.");
        }

        var metric = new AccuracyMetric(runner.NumClasses, options.TopK);
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new BlockingCollection<PreparedBatch>(EvaluationOptions.PrefetchBatches);
        var producer = Task.Run(() => Produce(dataset.Images, queue, stop.Token), CancellationToken.None);
        var completed = false;
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable(cancellationToken))
            {
                Score(batch, metric);
                progress?.Report(new EvaluationProgress((int)metric.Total, dataset.Images.Count, clock.Elapsed));
            }
            completed = true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the partial result is still worth reporting.
        }
        finally
        {
            stop.Cancel();
            WaitForProducer(producer, queue);
        }

        // A producer that failed (unreadable image) ends the queue early: that is an error, not a short dataset.
        if (completed) producer.GetAwaiter().GetResult();
        return new EvaluationResult(metric.Report(classNames), dataset.Images.Count, completed, clock.Elapsed);
    }

    private void Score(PreparedBatch batch, AccuracyMetric metric)
    {
        try
        {
            var outputs = runner.Run(batch.Input.AsSpan(0, batch.Count * ImageNetPipeline.TensorLength), batch.Count, OutputKinds.Scores);
            var ranked = ScoreRanking.TopK(outputs.Scores!.Value.ToArray(), batch.Count, runner.NumClasses, metric.MaxK);
            for (var i = 0; i < batch.Count; i++)
                metric.Add(batch.Labels[i], ranked.AsSpan(i * metric.MaxK, metric.MaxK));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(batch.Input);
        }
    }

    private void Produce(IReadOnlyList<LabelledImage> images, BlockingCollection<PreparedBatch> queue, CancellationToken stop)
    {
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveDecodeThreads, CancellationToken = stop };
            foreach (var chunk in images.Chunk(options.BatchSize))
            {
                var input = ArrayPool<float>.Shared.Rent(chunk.Length * ImageNetPipeline.TensorLength);
                try
                {
                    DatasetImages.ForEach(chunk.Length, parallel,
                        i => Preprocess(chunk[i].Path, input.AsSpan(i * ImageNetPipeline.TensorLength, ImageNetPipeline.TensorLength)));
                }
                catch
                {
                    ArrayPool<float>.Shared.Return(input);
                    throw;
                }
                queue.Add(new PreparedBatch(input, [.. chunk.Select(c => c.Label)]), stop);
            }
        }
        finally
        {
            queue.CompleteAdding();
        }
    }

    private void Preprocess(string path, Span<float> destination)
    {
        byte[] encoded;
        try
        {
            encoded = File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidDatasetException($"The dataset lists '{path}', which does not exist.", error);
        }

        try
        {
            preprocessor.Preprocess(encoded, destination);
        }
        catch (InvalidImageException error)
        {
            throw DatasetImages.InFile(path, error);
        }
    }

    /// <summary>Lets the producer see the stop signal, then returns the buffers of batches nobody will score.</summary>
    private static void WaitForProducer(Task producer, BlockingCollection<PreparedBatch> queue)
    {
        while (!producer.IsCompleted)
        {
            while (queue.TryTake(out var unused)) ArrayPool<float>.Shared.Return(unused.Input);
            // WaitAny, unlike Wait, does not throw for a faulted producer; its error is raised once, by the caller.
            Task.WaitAny([producer], ProducerPoll);
        }
        while (queue.TryTake(out var left)) ArrayPool<float>.Shared.Return(left.Input);
    }
}
