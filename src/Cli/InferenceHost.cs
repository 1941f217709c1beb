using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResNeXt.Inference;
using ResNeXt.Inference.Batching;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli;

/// <summary>
/// The engine exactly as the service builds it (<see cref="InferenceServiceCollectionExtensions.AddResNeXtInference"/>),
/// configured from the command line: one model, one explicit checkpoint, no file watching, no batching delay.
/// </summary>
internal static class InferenceHost
{
    /// <summary>Images per request to the classifier; larger jobs are sent in chunks so the queue never overflows.</summary>
    public const int ImagesPerRequest = 8;

    private const string LongestTimeout = "00:10:00";

    public static ServiceProvider Create(string model, string checkpointPath, string device)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.Directory)}"] = Path.GetDirectoryName(Path.GetFullPath(checkpointPath)),
            [$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.Checkpoints)}:{model}"] = checkpointPath,
            [$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.Device)}"] = device,
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

    /// <summary>Reads image files in chunks of <see cref="ImagesPerRequest"/>, keeping their order.</summary>
    public static async IAsyncEnumerable<(FileInfo File, ReadOnlyMemory<byte> Bytes)[]> ReadInChunksAsync(
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
