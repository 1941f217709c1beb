using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResNeXt.Inference;
using ResNeXt.Inference.Batching;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Cli;

/// <summary>
/// The engine exactly as the service builds it (<see cref="InferenceServiceCollectionExtensions.AddResNeXtInference"/>),
/// configured from the command line: one model, one explicit checkpoint, one backend, no file watching, no batching delay.
/// </summary>
internal static class InferenceHost
{
    /// <summary>Images per request to the classifier; larger jobs are sent in chunks so the queue never overflows.</summary>
    public const int ImagesPerRequest = 8;

    private const string LongestTimeout = "00:10:00";

    public static ServiceProvider Create(string model, string checkpointPath, string device, EngineBackend backend)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.Directory)}"] = Path.GetDirectoryName(Path.GetFullPath(checkpointPath)),
            [$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.Checkpoints)}:{model}"] = checkpointPath,
            [$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.Device)}"] = device,
            [$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.Backend)}"] = backend.ToString(),
            [$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.WatchForChanges)}"] = bool.FalseString,
            [$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.MaxLoaded)}"] = "1",
            [$"{BatchingOptions.SectionName}:{nameof(BatchingOptions.MaxBatchSize)}"] = ImagesPerRequest.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{BatchingOptions.SectionName}:{nameof(BatchingOptions.MaxDelay)}"] = TimeSpan.Zero.ToString(),
            [$"{BatchingOptions.SectionName}:{nameof(BatchingOptions.DefaultTimeout)}"] = LongestTimeout,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddResNeXtInference(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>
    /// Runs <paramref name="images"/> through a freshly built engine in chunks, keeping their order; <paramref name="runChunk"/>
    /// turns one chunk into one result (each result names the backend that computed it). The model is loaded first, so a
    /// failed load is reported before any image is read.
    /// </summary>
    public static async Task<List<TResult>> RunInChunksAsync<TResult>(string model, string checkpointPath, string device, EngineBackend backend,
        IReadOnlyList<FileInfo> images,
        Func<IImageClassifier, (FileInfo File, ReadOnlyMemory<byte> Bytes)[], CancellationToken, Task<TResult>> runChunk,
        CancellationToken cancellationToken)
    {
        await using var engine = Create(model, checkpointPath, device, backend);
        await engine.GetRequiredService<IModelRegistry>().LoadAsync(model, cancellationToken);
        var classifier = engine.GetRequiredService<IImageClassifier>();
        var results = new List<TResult>();
        await foreach (var chunk in ReadInChunksAsync(images, cancellationToken))
        {
            try
            {
                results.Add(await runChunk(classifier, chunk, cancellationToken));
            }
            catch (InferenceException error) when (ExitCodes.ForErrorCode(error.Code) == ExitCodes.InvalidImage
                && (error.ImageIndex ?? (chunk.Length == 1 ? 0 : null)) is { } index)
            {
                // The engine counts images within its request (a chunk); the user knows them by file.
                var cause = error.ImageIndex is not null && error.InnerException is InferenceException original ? original : error;
                throw new Inference.Preprocessing.InvalidImageException($"'{chunk[index].File}': {cause.Message}", error);
            }
        }
        return results;
    }

    /// <summary>Reads image files in chunks of <see cref="ImagesPerRequest"/>, keeping their order.</summary>
    private static async IAsyncEnumerable<(FileInfo File, ReadOnlyMemory<byte> Bytes)[]> ReadInChunksAsync(
        IReadOnlyList<FileInfo> images, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var chunk in images.Chunk(ImagesPerRequest))
        {
            var read = new (FileInfo, ReadOnlyMemory<byte>)[chunk.Length];
            for (var i = 0; i < chunk.Length; i++) read[i] = (chunk[i], await File.ReadAllBytesAsync(chunk[i].FullName, cancellationToken));
            yield return read;
        }
    }
}
