using System.CommandLine;

namespace ResNeXt.Cli.Commands;

/// <summary>
/// Checks, while parsing, the options that say where output goes, so a wrong path is a usage error before the work
/// instead of an unexpected IOException after it: a benchmark, a load test or a dataset evaluation can run for hours,
/// and <c>test</c> wrote its results file before printing its summary, so both were lost.
/// </summary>
internal static class PathOptions
{
    /// <summary>A folder to read from or write into, which may not exist yet (it is created): not a file.</summary>
    public static void Folder<T>(Option<T> option)
    {
        OptionChecks.Check(option, value => PathOf(value) switch
        {
            { } path when string.IsNullOrWhiteSpace(path) => Empty(option),
            { } path when File.Exists(path) => $"{option.Name} '{path}' is a file; name a folder.",
            _ => null,
        });
    }

    /// <summary>A file to write (<paramref name="what"/>, e.g. "the .onnx file"): not a folder, and in a folder that exists.</summary>
    public static void OutputFile<T>(Option<T> option, string what)
    {
        OptionChecks.Check(option, value => PathOf(value) switch
        {
            null => null,
            var path when string.IsNullOrWhiteSpace(path) => Empty(option),
            var path when Directory.Exists(path) => $"{option.Name} '{path}' is a folder; name {what} to write.",
            var path when Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder) =>
                $"{option.Name} '{path}': the folder '{folder}' does not exist.",
            _ => null,
        });
    }

    /// <summary>
    /// A file to read (<paramref name="what"/>, e.g. "a checkpoint file"): not empty, not a folder and, with
    /// <paramref name="mustExist"/>, there. Without it a missing file is left to the command, which knows what to advise.
    /// </summary>
    public static void InputFile<T>(Option<T> option, string what, bool mustExist)
    {
        OptionChecks.Check(option, value => PathOf(value) switch
        {
            null => null,
            var path when string.IsNullOrWhiteSpace(path) => Empty(option),
            var path when Directory.Exists(path) => $"{option.Name} '{path}' is a folder; name {what}.",
            var path when mustExist && !File.Exists(path) => $"{option.Name} '{path}' does not exist.",
            _ => null,
        });
    }

    private static string Empty(Option option) => $"{option.Name} needs a path, not an empty value.";

    private static string? PathOf(object? value) => value switch
    {
        string path => path,
        FileSystemInfo info => info.ToString(),
        _ => null,
    };
}
