using System.CommandLine;
using Spectre.Console;

namespace ResNeXt.Cli.Output;

/// <summary>Prints a command's rows: JSON for scripts (<c>--json</c>), else a table for people.</summary>
internal static class ResultWriter
{
    /// <param name="footer">A line under the table (what the JSON carries in every row, such as the backend); none in JSON.</param>
    public static void Write<TRow>(ParseResult parseResult, bool json, IReadOnlyList<TRow> rows, Func<IReadOnlyList<TRow>, Table> table,
        string? footer = null)
    {
        var output = parseResult.InvocationConfiguration.Output;
        if (json)
        {
            CliJson.Write(output, rows);
            return;
        }
        var terminal = Terminal.Create(output);
        terminal.Write(table(rows));
        if (footer is not null)
            terminal.WriteLine(footer, Style.Plain);
    }

    /// <summary>The line under predict's and features' tables that names the backend that answered (each JSON row has it).</summary>
    public static string BackendLine(IEnumerable<string> backends) => $"Backend: {string.Join(", ", backends.Distinct())}";
}
