using System.ComponentModel.DataAnnotations;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Engine;

namespace ResNeXt.Inference.Registry;

/// <summary>Where checkpoints live and which models are kept in memory (the <c>Models</c> section).</summary>
public sealed class RegistryOptions : IValidatableObject
{
    public const string SectionName = "Models";

    /// <summary>Upper bound for <see cref="MaxLoaded"/>; the biggest model alone holds 355 MB of weights.</summary>
    public const int MaxLoadedLimit = 64;

    private static readonly TimeSpan MaxDownloadRetryDelay = TimeSpan.FromHours(1);

    /// <summary>Folder searched for <c>&lt;model&gt;.safetensors</c>, <c>&lt;model&gt;.pth</c> or the official file name.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Directory { get; set; } = "models";

    /// <summary>Model used by <c>POST /features</c> and the demo page when the caller names none.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DefaultModel { get; set; } = ModelCatalog.DefaultModel;

    /// <summary>Explicit checkpoint files by model name; they win over the files found in <see cref="Directory"/>.</summary>
    public Dictionary<string, string> Checkpoints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Models loaded at start; readiness waits for all of them.</summary>
    public string[] Preload { get; set; } = [];

    /// <summary>Most models held at once; the least recently used idle one is unloaded to make room.</summary>
    [Range(1, MaxLoadedLimit)]
    public int MaxLoaded { get; set; } = 2;

    /// <summary>
    /// Bytes the loaded models may hold together, counted as <see cref="Engine.EngineFootprint"/> does; beyond it the least
    /// recently used idle model is unloaded, and a model that cannot fit alone is refused. 0: half of the container's memory
    /// limit (cgroups) or of the machine's memory (<see cref="MemoryBudget"/>).
    /// </summary>
    [Range(0, long.MaxValue)]
    public long MaxMemoryBytes { get; set; }

    /// <summary>Download a missing official checkpoint (sha256-verified; mirror in CheckpointDownload:BaseUrl) instead of answering 503.</summary>
    public bool AutoDownload { get; set; }

    /// <summary>After an automatic download failed (no network, mirror down), how long requests are answered 503 with this
    /// Retry-After before the next request tries again.</summary>
    public TimeSpan DownloadRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Serve a randomly initialised model when no checkpoint exists: for load tests and demos only; every response says so.</summary>
    public bool AllowRandomWeights { get; set; }

    /// <summary>Reload a loaded model when its checkpoint file changes on disk.</summary>
    public bool WatchForChanges { get; set; } = true;

    /// <summary>
    /// What serves a model unless <see cref="Backends"/> names another for it. ONNX Runtime by default, on CPU and CUDA alike:
    /// it is the faster engine on CPU (docs/benchmarks.md) and its CUDA package is the GPU build that restores here.
    /// </summary>
    public EngineBackend Backend { get; set; } = EngineBackend.OnnxRuntime;

    /// <summary>Backend by model name, overriding <see cref="Backend"/> for that model.</summary>
    public Dictionary<string, EngineBackend> Backends { get; set; } = new(StringComparer.Ordinal);

    public EngineBackend BackendFor(string model) => Backends.TryGetValue(model, out var backend) ? backend : Backend;

    /// <summary><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (CUDA needs a build with <c>-p:TorchBackend=cuda</c> and a GPU).</summary>
    [Required(ErrorMessage = DeviceMessage)] // the expression lets an empty value through
    [RegularExpression("^(cpu|cuda(:[0-9]+)?)$", ErrorMessage = DeviceMessage)]
    public string Device { get; set; } = "cpu";

    private const string DeviceMessage = "Models:Device must be 'cpu', 'cuda' or 'cuda:N'.";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A folder that does not exist yet is fine (a download creates it); a file there would only fail at the first request.
        if (File.Exists(Directory))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(Directory)} '{Directory}' is a file; it must name the folder that holds (or will hold) the checkpoints.",
                [nameof(Directory)]);
        }

        if (!ModelCatalog.TryGet(DefaultModel, out _) && !DefaultModel.All(IsNameCharacter))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(DefaultModel)} '{DefaultModel}' is not a model name.", [nameof(DefaultModel)]);
        }

        foreach (var name in Preload.Where(n => string.IsNullOrWhiteSpace(n) || !n.All(IsNameCharacter)))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(Preload)} contains '{name}', which is not a model name.", [nameof(Preload)]);
        }

        foreach (var name in Checkpoints.Keys.Where(n => !n.All(IsNameCharacter)))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(Checkpoints)} names '{name}', which is not a model name.", [nameof(Checkpoints)]);
        }

        // A missing file may still arrive (hot reload picks it up), so only what can never be a checkpoint file stops the start.
        foreach (var (name, path) in Checkpoints.Where(c => string.IsNullOrWhiteSpace(c.Value) || System.IO.Directory.Exists(c.Value)))
        {
            yield return new ValidationResult(string.IsNullOrWhiteSpace(path)
                ? $"{SectionName}:{nameof(Checkpoints)}:{name} is empty; name the checkpoint file, or remove the entry."
                : $"{SectionName}:{nameof(Checkpoints)}:{name} is '{path}', a folder; name the checkpoint file in it.", [nameof(Checkpoints)]);
        }

        foreach (var name in Backends.Keys.Where(n => !n.All(IsNameCharacter)))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(Backends)} names '{name}', which is not a model name.", [nameof(Backends)]);
        }

        if (DownloadRetryDelay <= TimeSpan.Zero || DownloadRetryDelay > MaxDownloadRetryDelay)
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(DownloadRetryDelay)} must be more than 0 and at most {MaxDownloadRetryDelay}.", [nameof(DownloadRetryDelay)]);
        }

        if (DeviceProblem() is { } problem)
        {
            yield return new ValidationResult(problem, [nameof(Device), nameof(Backend)]);
        }

        // The service would run without ever becoming ready, its log saying only that preloading failed.
        foreach (var name in Preload.Where(n => !string.IsNullOrWhiteSpace(n) && n.All(IsNameCharacter) && !CanLoad(n)).Distinct())
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(Preload)} names '{name}', which is neither a catalogue model nor a {SectionName}:{nameof(Checkpoints)} entry " +
                $"nor a checkpoint in {SectionName}:{nameof(Directory)} ('{Directory}'); names are case-sensitive.", [nameof(Preload)]);
        }

        // A model named twice is loaded once.
        if (Preload.Distinct(StringComparer.Ordinal).Count() is var preloaded && preloaded > MaxLoaded)
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(Preload)} lists {preloaded} models but {SectionName}:{nameof(MaxLoaded)} is {MaxLoaded}.",
                [nameof(Preload), nameof(MaxLoaded)]);
        }
    }

    /// <summary>A model a preload can name: in the catalogue, configured, or a checkpoint file in the folder now.</summary>
    private bool CanLoad(string name) =>
        ModelCatalog.TryGet(name, out _) || Checkpoints.ContainsKey(name)
        || CheckpointLocator.FindNamed(name, Directory) is not null;

    /// <summary>Whether every backend in use can run on <see cref="Device"/> in this process: checked at start, so a CUDA
    /// setting on a machine or build without CUDA stops the service with the reason instead of failing each load.</summary>
    private string? DeviceProblem()
    {
        if (!ComputeDevice.TryParse(Device, out var device))
            return null; // the attributes on Device report the malformed value
        foreach (var backend in Backends.Values.Append(Backend).Distinct())
        {
            if (device.Unavailable(backend) is { } missing)
                return $"{SectionName}:{nameof(Device)} is '{Device}' but the {backend.ToName()} backend cannot use it: {missing}.";
        }
        return null;
    }

    /// <summary>Model names are file-name stems: letters, digits, '-', '_' and '.', which rules out path traversal.</summary>
    public static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
