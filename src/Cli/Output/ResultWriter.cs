using System.CommandLine;
using Spectre.Console;

namespace ResNeXt.Cli.Output;

/// <summary>Prints a command's rows: JSON for scripts (<c>--json</c>), else a table for people.</summary>
internal static class ResultWriter
{
    public static void Write<TRow>(ParseResult parseResult, bool json, IReadOnlyList<TRow> rows, Func<IReadOnlyList<TRow>, Table> table)
    {
        var output = parseResult.InvocationConfiguration.Output;
        if (json)
            CliJson.Write(output, rows);
        else
            Terminal.Create(output).Write(table(rows));
    }
}
