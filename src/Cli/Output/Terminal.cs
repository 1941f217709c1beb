using Spectre.Console;

namespace ResNeXt.Cli.Output;

/// <summary>Spectre consoles bound to System.CommandLine's output writer, so tests can capture everything.</summary>
internal static class Terminal
{
    /// <summary>Wide enough that a table piped to a file or a log never wraps; a real terminal reports its own width.</summary>
    private const int RedirectedWidth = 200;

    /// <summary>True only for the process's own stdout attached to a terminal: bars and colour are for people.</summary>
    public static bool IsInteractive(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    public static IAnsiConsole Create(TextWriter output)
    {
        if (IsInteractive(output))
            return AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = RedirectedWidth;
        return console;
    }
}
