using System.CommandLine;
using ResNeXt.Inference.Contracts;
using Spectre.Console;

namespace ResNeXt.Cli.Output;

/// <summary>
/// Prints predict's and features' answer: with <c>--json</c> the HTTP API's body for the same images, serialised by the
/// same contract records and options (<see cref="ContractJson"/>), so scripts can switch between the two; else a table.
/// </summary>
internal static class ResultWriter
{
    /// <param name="backend">Shown under the table (the JSON carries it as <c>backend</c>).</param>
    public static void Write<TDocument>(ParseResult parseResult, bool json, TDocument document, Func<TDocument, Table> table, string backend)
    {
        var output = parseResult.InvocationConfiguration.Output;
        if (json)
        {
            output.WriteLine(ContractJson.Serialize(document));
            return;
        }
        var terminal = Terminal.Create(output);
        terminal.Write(table(document));
        terminal.WriteLine($"Backend: {backend}", Style.Plain);
    }
}
