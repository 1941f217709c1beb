using System.ComponentModel.DataAnnotations;

namespace ResNeXt.Inference.Registry;

/// <summary>Where checkpoints live and which models are kept in memory (the <c>Models</c> section).</summary>
public sealed class RegistryOptions : IValidatableObject
{
    public const string SectionName = "Models";

    /// <summary>Upper bound for <see cref="MaxLoaded"/>; the biggest model alone holds 355 MB of weights.</summary>
    public const int MaxLoadedLimit = 64;

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

    /// <summary>Download a missing official checkpoint (sha256-verified; mirror in CheckpointDownload:BaseUrl) instead of answering 503.</summary>
    public bool AutoDownload { get; set; }

    /// <summary>Serve a randomly initialised model when no checkpoint exists: for load tests and demos only; every response says so.</summary>
    public bool AllowRandomWeights { get; set; }

    /// <summary>Reload a loaded model when its checkpoint file changes on disk.</summary>
    public bool WatchForChanges { get; set; } = true;

    /// <summary><c>cpu</c> or <c>cuda</c> (needs a build with <c>-p:TorchBackend=cuda</c>).</summary>
    [RegularExpression("^(cpu|cuda(:[0-9]+)?)$", ErrorMessage = "Models:Device must be 'cpu', 'cuda' or 'cuda:N'.")]
    public string Device { get; set; } = "cpu";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
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

        if (Preload.Length > MaxLoaded)
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(Preload)} lists {Preload.Length} models but {SectionName}:{nameof(MaxLoaded)} is {MaxLoaded}.",
                [nameof(Preload), nameof(MaxLoaded)]);
        }
    }

    /// <summary>Model names are file-name stems: letters, digits, '-', '_' and '.', which rules out path traversal.</summary>
    internal static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
