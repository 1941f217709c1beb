using System.CommandLine;
using Microsoft.Extensions.Options;
using ResNeXt.Inference;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Commands;

/// <summary>
/// Runs a command's <see cref="ExecuteAsync"/> and turns every failure into one line on stderr and a named exit
/// code; the stack trace follows only under <c>--verbosity diag</c>, since for the errors the engine raises on purpose
/// it says nothing the message does not.
/// </summary>
internal abstract class BaseCommand : Command
{
    protected BaseCommand(string name, string description)
        : base(name, description) => SetAction(InvokeAsync);

    protected abstract Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken);

    private async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        try
        {
            return await ExecuteAsync(parseResult, cancellationToken);
        }
        catch (InferenceException error)
        {
            return Fail(parseResult, error, Describe(error), ExitCodes.ForError(error));
        }
        catch (OptionsValidationException error)
        {
            // The same start-up checks the service runs (a CUDA device this build or machine cannot use, a bad limit):
            // the user's settings are wrong, not the program.
            return Fail(parseResult, error, SettingsFailures.Describe(error), ExitCodes.Usage);
        }
        catch (UsageException error)
        {
            return Fail(parseResult, error, error.Message, ExitCodes.Usage);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync("Cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception error)
        {
            var message = $"unexpected {error.GetType().Name}: {error.Message} (--verbosity diag shows where)";
            return Fail(parseResult, error, message, ExitCodes.Unexpected);
        }
    }

    private static int Fail(ParseResult parseResult, Exception error, string message, int exitCode)
    {
        var stderr = parseResult.InvocationConfiguration.Error;
        stderr.WriteLine($"error: {message.ReplaceLineEndings(" ")}");
        if (parseResult.GetValue(CommonOptions.Verbosity) == VerbosityLevel.Diagnostic)
            stderr.WriteLine(error);
        return exitCode;
    }

    private static string Describe(InferenceException error) => error switch
    {
        CheckpointMissingException missing when ModelCatalog.TryGet(missing.ModelName, out _) =>
            $"{missing.Message} Get it with: resnext download {missing.ModelName} --dir {FolderOf(missing.SearchedPaths[^1])}",
        _ => error.Message,
    };

    private static string FolderOf(string path) => Path.GetDirectoryName(path) is { Length: > 0 } folder ? folder : ".";
}
