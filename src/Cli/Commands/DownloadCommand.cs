using System.CommandLine;
using Microsoft.Extensions.Options;
using ResNeXt.Cli.Output;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Commands;

/// <summary><c>resnext download MODEL</c>: fetch, resume and verify a model's official checkpoint.</summary>
internal sealed class DownloadCommand : BaseCommand
{
    /// <summary>Lets a site point every download at its own mirror without repeating <c>--base-url</c>.</summary>
    public const string BaseUrlVariable = "RESNEXT_DOWNLOAD_BASE_URL";

    private static readonly Argument<string> ModelArgument = new("model")
    {
        Description = "Catalogue model name (see 'resnext info').",
    };

    private static readonly Option<string?> BaseUrl = new("--base-url")
    {
        Description = $"Mirror of the official checkpoint folder. Default: ${BaseUrlVariable}, else {ModelCatalog.OfficialBaseUrl}",
        HelpName = "url",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(BaseUrlVariable) is { Length: > 0 } url ? url : null,
    };

    private readonly HttpClient _httpClient;
    private readonly Func<string, ModelCatalogEntry> _findModel;

    static DownloadCommand()
    {
        ModelArgument.CompletionSources.Add([.. ModelCatalog.Entries.Select(e => e.Name)]);
        BaseUrl.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } url && !CommonOptions.IsHttpUrl(url))
                result.AddError($"--base-url must be an absolute http(s) URL, not '{url}'.");
        });
    }

    /// <param name="findModel">Name to catalogue entry; throws <see cref="ModelNotFoundException"/> for unknown names.</param>
    public DownloadCommand(HttpClient httpClient, Func<string, ModelCatalogEntry> findModel)
        : base("download", "Download a model's official checkpoint: resumes a partial download and verifies its sha256.")
    {
        _httpClient = httpClient;
        _findModel = findModel;
        Arguments.Add(ModelArgument);
        Options.Add(CommonOptions.CheckpointDirectory);
        Options.Add(BaseUrl);
        Options.Add(CommonOptions.Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var entry = _findModel(parseResult.GetRequiredValue(ModelArgument));
        var directory = parseResult.GetRequiredValue(CommonOptions.CheckpointDirectory);
        var json = parseResult.GetValue(CommonOptions.Json);
        var output = parseResult.InvocationConfiguration.Output;
        var downloader = new CheckpointDownloader(
            _httpClient,
            new OptionsWrapper<CheckpointDownloadOptions>(new CheckpointDownloadOptions { BaseUrl = parseResult.GetValue(BaseUrl) }),
            TimeProvider.System);

        // Progress would corrupt the JSON a script reads from the same stream.
        var result = json || parseResult.GetValue(CommonOptions.Verbosity) == VerbosityLevel.Quiet
            ? await downloader.DownloadAsync(entry, directory, progress: null, cancellationToken)
            : await DownloadProgressDisplay.RunAsync(output, entry.Name,
                progress => downloader.DownloadAsync(entry, directory, progress, cancellationToken));

        if (json)
            CliJson.Write(output, new DownloadReport(entry.Name, result.Path, result.Length, result.AlreadyPresent, entry.Sha256Prefix));
        else
            await output.WriteLineAsync(
                $"{entry.Name}: {(result.AlreadyPresent ? "already present" : "saved")} {result.Path} " +
                $"({ByteSize.Format(result.Length)}, sha256 {entry.Sha256Prefix}... verified)");
        return ExitCodes.Success;
    }
}
