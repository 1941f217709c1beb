using System.CommandLine;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Commands;

/// <summary><c>resnext</c>: predict, features, info, download, export-onnx, test, train, bench, loadtest.</summary>
internal sealed class ResNeXtRootCommand : RootCommand
{
    /// <param name="findModel">Name to catalogue entry (<see cref="ModelCatalog.Get"/> outside tests).</param>
    public ResNeXtRootCommand(HttpClient httpClient, Func<string, ModelCatalogEntry> findModel)
        : base("ResNeXt ImageNet classifiers (mmpretrain weights) on ONNX Runtime or TorchSharp.")
    {
        Options.Add(CommonOptions.Verbosity);
        Subcommands.Add(new PredictCommand());
        Subcommands.Add(new FeaturesCommand());
        Subcommands.Add(new InfoCommand());
        Subcommands.Add(new DownloadCommand(httpClient, findModel));
        Subcommands.Add(new ExportOnnxCommand());
        Subcommands.Add(new TestCommand());
        Subcommands.Add(new TrainCommand());
        Subcommands.Add(new BenchCommand());
        Subcommands.Add(new LoadTestCommand());
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A command line that does not parse exits with
    /// <see cref="ExitCodes.Usage"/> rather than System.CommandLine's 1, so scripts can tell a typo from a failure.
    /// Stopping is <paramref name="cancellationToken"/>'s alone (<see cref="TerminationSignals"/> in the executable):
    /// System.CommandLine's signal handling is switched off, since it ended the process before the partial results.
    /// </summary>
    public async Task<int> InvokeAsync(
        IReadOnlyList<string> args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        configuration ??= new InvocationConfiguration();
        configuration.ProcessTerminationTimeout = null;
        var parseResult = Parse(args);
        var exitCode = await parseResult.InvokeAsync(configuration, cancellationToken);
        return parseResult.Errors.Count > 0 ? ExitCodes.Usage : exitCode;
    }
}
