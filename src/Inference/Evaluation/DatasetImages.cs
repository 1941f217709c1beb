using System.Runtime.ExceptionServices;
using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Inference.Evaluation;

/// <summary>The parallel decoding of a batch of dataset files that evaluation and training share.</summary>
internal static class DatasetImages
{
    /// <summary>
    /// Runs <paramref name="body"/> for every index and rethrows the first image's own error: Parallel.For wraps them
    /// in an AggregateException, which reached the user as "unexpected AggregateException" without the file.
    /// </summary>
    public static void ForEach(int count, ParallelOptions options, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, options, body);
        }
        catch (AggregateException error) when (error.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(error.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>An image error names the file: a dataset has many, and the decoder only saw bytes.</summary>
    public static InvalidImageException InFile(string path, InvalidImageException error) => new($"'{path}': {error.Message}", error);
}
