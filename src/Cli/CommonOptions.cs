using System.CommandLine;
using System.CommandLine.Parsing;
using ResNeXt.Cli.Commands;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli;

/// <summary>Options several commands share, declared once so every command spells and defaults them alike.</summary>
internal static class CommonOptions
{
    public const string DefaultCheckpointDirectory = "models";

    public const string DefaultDevice = "cpu";

    public static readonly Option<string> Model = new("--model", "-m")
    {
        Description = "Catalogue model name (see 'resnext info').",
        HelpName = "name",
        DefaultValueFactory = _ => ModelCatalog.DefaultModel,
    };

    public static readonly Option<string> CheckpointDirectory = new("--checkpoint-dir", "--dir")
    {
        Description = "Folder that holds checkpoints.",
        HelpName = "path",
        DefaultValueFactory = _ => DefaultCheckpointDirectory,
    };

    /// <summary>What <c>Models:Device</c> takes, <c>cuda:N</c> included (a fixed list of choices refused it).</summary>
    public static readonly Option<string> Device = new("--device")
    {
        Description = "Where tensors live (Models:Device in the service).",
        HelpName = "cpu|cuda|cuda:N",
        DefaultValueFactory = _ => DefaultDevice,
        Validators = { ValidateDevice },
    };

    /// <summary>
    /// Refuses a device <paramref name="backend"/> cannot use here before any work (a CPU-only build or a machine
    /// without CUDA), naming what is missing, as the service does at start; libtorch itself would fail later with
    /// "did not initialise", after a training run had created its work directory.
    /// </summary>
    /// <exception cref="UsageException">The device is not usable.</exception>
    public static void RequireDevice(string device, EngineBackend backend)
    {
        if (ComputeDevice.Parse(device).Unavailable(backend) is { } missing)
            throw new UsageException($"--device {device}: {missing}");
    }

    /// <summary>The service's own default (<see cref="RegistryOptions.Backend"/>), so the CLI answers as a default-configured service does.</summary>
    public static EngineBackend DefaultBackend { get; } = new RegistryOptions().Backend;

    public static readonly Option<string> Backend = new("--backend")
    {
        Description = "What runs the forward passes (Models:Backend in the service).",
        HelpName = string.Join('|', EngineBackendNames.All),
        DefaultValueFactory = _ => DefaultBackend.ToName(),
        Validators = { ValidateBackend },
    };

    public static readonly Option<VerbosityLevel> Verbosity = new("--verbosity", "-v")
    {
        Description = "q[uiet], m[inimal], n[ormal], d[etailed] or diag[nostic]; diag adds stack traces to errors.",
        HelpName = "level",
        Recursive = true,
        DefaultValueFactory = _ => VerbosityLevel.Normal,
        CustomParser = ParseVerbosity,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write JSON for scripts instead of a table.",
    };

    /// <summary>The check behind every URL option (a mirror, a service): absolute, and http or https.</summary>
    public static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    static CommonOptions()
    {
        Model.CompletionSources.Add([.. ModelCatalog.Entries.Select(e => e.Name)]);
        Backend.CompletionSources.Add([.. EngineBackendNames.All]);
        Device.CompletionSources.Add(DefaultDevice, "cuda");
        PathOptions.Folder(CheckpointDirectory);
    }

    /// <summary>The parsed <c>--backend</c>; its validator has already turned an unknown name into a usage error.</summary>
    public static EngineBackend GetBackend(ParseResult parseResult) =>
        EngineBackendNames.TryParse(parseResult.GetRequiredValue(Backend), out var backend) ? backend : DefaultBackend;

    private static void ValidateDevice(OptionResult result)
    {
        var device = result.GetValueOrDefault<string>();
        if (!ComputeDevice.TryParse(device, out _))
            result.AddError($"'{device}' is not a device: use cpu, cuda or cuda:N.");
    }

    private static void ValidateBackend(OptionResult result)
    {
        var name = result.GetValueOrDefault<string>();
        if (!EngineBackendNames.TryParse(name, out _))
            result.AddError($"'{name}' is not a backend: use {string.Join(" or ", EngineBackendNames.All)}.");
    }

    private static VerbosityLevel ParseVerbosity(ArgumentResult result)
    {
        var token = result.Tokens[0].Value;
        var level = token.ToLowerInvariant() switch
        {
            "q" or "quiet" => VerbosityLevel.Quiet,
            "m" or "minimal" => VerbosityLevel.Minimal,
            "n" or "normal" => VerbosityLevel.Normal,
            "d" or "detailed" => VerbosityLevel.Detailed,
            "diag" or "diagnostic" => VerbosityLevel.Diagnostic,
            _ => (VerbosityLevel?)null,
        };
        if (level is null)
            result.AddError($"'{token}' is not a verbosity: use quiet, minimal, normal, detailed or diag.");
        return level ?? VerbosityLevel.Normal;
    }
}
