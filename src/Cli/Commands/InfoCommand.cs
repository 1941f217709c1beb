using System.CommandLine;
using System.Globalization;
using ResNeXt.Cli.Output;
using ResNeXt.Inference.Registry;
using Spectre.Console;

namespace ResNeXt.Cli.Commands;

/// <summary><c>resnext info</c>: the catalogue with the figures mmpretrain publishes for each model.</summary>
internal sealed class InfoCommand : BaseCommand
{
    public InfoCommand()
        : base("info", "List the catalogue models: architecture, published size and accuracy, official checkpoint.") =>
        Options.Add(CommonOptions.Json);

    protected override Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var models = ModelCatalog.Entries.Select(ModelInfo.From).ToList();
        if (parseResult.GetValue(CommonOptions.Json))
            CliJson.Write(output, models);
        else
            Terminal.Create(output).Write(Table(models));
        return Task.FromResult(ExitCodes.Success);
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
