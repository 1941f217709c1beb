using ResNeXt.Inference.Engine;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ResNeXt.Inference.Tests.Pipeline;

namespace ResNeXt.Api.Tests.RealEngine;

/// <summary>
/// The whole service with no fakes: the real registry, batcher and engine (of <see cref="Backend"/>) over a temporary models folder
/// holding a copy of the reference "tiny" checkpoint (served as model "tiny", the default). The copy is writable, so
/// hot-reload tests can replace it. Tests must call <see cref="PipelineReference.Load"/> before the first client, so
/// that missing reference data skips them rather than failing the host build.
/// </summary>
public class RealEngineFactory : WebApplicationFactory<Program>
{
    public const string Model = PipelineReference.Tiny;
    public const int MaxBatchSize = 8;

    /// <summary>Long enough that concurrent requests from a busy test machine meet in one batch.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(20);

    public string ModelsDirectory { get; } = Directory.CreateTempSubdirectory("real-engine-models-").FullName;

    public string CheckpointPath => Path.Combine(ModelsDirectory, Model + ".pth");

    /// <summary>Every log entry at Error or above, to prove that client-caused outcomes are not logged as server faults.</summary>
    public RecordingLoggerProvider Errors { get; } = new(LogLevel.Error);

    /// <summary>Configuration keys and values applied over the defaults below.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The backend that serves the model (Models:Backend).</summary>
    public EngineBackend Backend { get; init; } = EngineBackend.OnnxRuntime;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        File.Copy(PipelineReference.Checkpoint(Model), CheckpointPath, overwrite: true);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Models:Directory", ModelsDirectory);
        builder.UseSetting("Models:DefaultModel", Model);
        builder.UseSetting("Models:Backend", Backend.ToName());
        builder.UseSetting("Batching:MaxBatchSize", MaxBatchSize.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Batching:MaxDelay", MaxDelay.ToString("c", CultureInfo.InvariantCulture));
        // A loaded 2-core machine can be slow; no test here waits on the default timeout on purpose.
        builder.UseSetting("Batching:DefaultTimeout", "00:02:00");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(Errors));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(ModelsDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same service with the TorchSharp backend, as a class fixture of its own.</summary>
public sealed class TorchSharpEngineFactory : RealEngineFactory
{
    public TorchSharpEngineFactory() => Backend = EngineBackend.TorchSharp;
}
