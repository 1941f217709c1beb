using System.CommandLine;
using System.Globalization;
using ResNeXt.Cli.Output;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Registry;
using Spectre.Console;

namespace ResNeXt.Cli.Commands;

/// <summary>
/// <c>resnext info</c>: the catalogue with the figures mmpretrain publishes for each model; the table view adds the
/// backends (which one is the default) and the devices each can use in this build on this machine. <c>--json</c> stays
/// the catalogue array scripts already read.
/// </summary>
internal sealed class InfoCommand : BaseCommand
{
    public InfoCommand()
        : base("info", "List the catalogue models (architecture, published size and accuracy, official checkpoint) and the backends and devices.") =>
        Options.Add(CommonOptions.Json);

    protected override Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var models = ModelCatalog.Entries.Select(ModelInfo.From).ToList();
        if (parseResult.GetValue(CommonOptions.Json))
            CliJson.Write(output, models);
        else
        {
            var terminal = Terminal.Create(output);
            terminal.Write(Table(models));
            terminal.Write(BackendTable());
        }
        return Task.FromResult(ExitCodes.Success);
    }

    /// <summary>Each backend, whether it is the default, and whether it can use the CPU and CUDA here (and if not, why).</summary>
    private static Table BackendTable()
    {
        var cuda = ComputeDevice.Parse("cuda");
        var table = new Table()
            .AddColumn("Backend")
            .AddColumn("Default")
            .AddColumn("cpu")
            .AddColumn("cuda")
            .Caption($"predict and features default to --backend {CommonOptions.DefaultBackend.ToName()} --device {CommonOptions.DefaultDevice}");
        foreach (var name in EngineBackendNames.All)
        {
            EngineBackendNames.TryParse(name, out var backend);
            table.AddRow(
                name,
                backend == CommonOptions.DefaultBackend ? "yes" : "",
                "yes",
                cuda.Unavailable(backend) is { } missing ? Markup.Escape($"no: {missing}") : "yes");
        }
        return table;
    }

    private static Table Table(IEnumerable<ModelInfo> models)
    {
        var table = new Table()
            .AddColumn("Model")
            .AddColumn("Blocks")
            .AddColumn("Groups x width")
            .AddColumn(new TableColumn("Params (published)").RightAligned())
            .AddColumn(new TableColumn("Params (built)").RightAligned())
            .AddColumn(new TableColumn("GFLOPs").RightAligned())
            .AddColumn(new TableColumn("Top-1 %").RightAligned())
            .AddColumn(new TableColumn("Top-5 %").RightAligned())
            .AddColumn("Official checkpoint");
        foreach (var model in models)
            table.AddRow(
                model.Name,
                string.Join('-', model.BlocksPerStage),
                $"{model.Groups}x{model.WidthPerGroup}d",
                Invariant($"{model.PublishedParameters:N0}"),
                Invariant($"{model.BuiltParameters:N0}"),
                Invariant($"{model.PublishedGflops:0.00}"),
                Invariant($"{model.Top1:0.00}"),
                Invariant($"{model.Top5:0.00}"),
                model.CheckpointFileName);
        return table;
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
