using System.CommandLine;
using ResNeXt.Cli.Commands;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Tests;

/// <summary>
/// Runs command trees in-process with stdout and stderr captured: the same parse, actions and exit-code mapping as
/// the <c>resnext</c> executable, minus the process.
/// </summary>
public static class CliRunner
{
    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(ModelCatalog.Get, args);

    public static async Task<CliRun> RunAsync(Func<string, ModelCatalogEntry> findModel, params string[] args)
    {
        using var httpClient = new HttpClient();
        var root = new ResNeXtRootCommand(httpClient, findModel);
        return await CaptureAsync(configuration => root.InvokeAsync(args, configuration, TestContext.Current.CancellationToken));
    }

    /// <summary>Runs <paramref name="command"/> under a bare root that has only the shared <c>--verbosity</c>.</summary>
    internal static Task<CliRun> RunAsync(Command command, params string[] args)
    {
        var root = new RootCommand { Options = { CommonOptions.Verbosity }, Subcommands = { command } };
        return CaptureAsync(configuration => root.Parse(args).InvokeAsync(configuration, TestContext.Current.CancellationToken));
    }

    private static async Task<CliRun> CaptureAsync(Func<InvocationConfiguration, Task<int>> run)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await run(new InvocationConfiguration { Output = output, Error = error });
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
