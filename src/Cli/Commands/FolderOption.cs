using System.CommandLine;

namespace ResNeXt.Cli.Commands;

/// <summary>
/// The check of an option that names a folder to read from or write into, which may not exist yet: a file of that name
/// is refused while parsing. Unchecked, the mistake surfaced as an unexpected IOException when the first file went into
/// it, for a benchmark or a load test after all of its work.
/// </summary>
internal static class FolderOption
{
    public static void RefuseFile<T>(Option<T> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() is string path && File.Exists(path))
                result.AddError($"{option.Name} '{path}' is a file; name a folder.");
        });
    }
}
