using System.CommandLine;
using System.CommandLine.Parsing;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli;

/// <summary>Options several commands share, declared once so every command spells and defaults them alike.</summary>
internal static class CommonOptions
{
    public const string DefaultCheckpointDirectory = "models";

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

    public static readonly Option<string> Device = new Option<string>("--device")
    {
        Description = "Where tensors live.",
        DefaultValueFactory = _ => "cpu",
    }.AcceptOnlyFromAmong("cpu", "cuda");

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

    static CommonOptions() => Model.CompletionSources.Add([.. ModelCatalog.Entries.Select(e => e.Name)]);

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
