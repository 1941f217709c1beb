using System.CommandLine;
using ResNeXt.Benchmarks.Preprocessing;

namespace ResNeXt.Benchmarks.Commands;

/// <summary>The image options the decoding benchmarks share: which files to time, and where the default set is generated.</summary>
internal static class BenchmarkImageOptions
{
    /// <summary><c>--images</c>: files to time, each of which must exist.</summary>
    public static Option<string[]> Images(string description)
    {
        var option = new Option<string[]>("--images", "-i") { Description = description, HelpName = "path", AllowMultipleArgumentsPerToken = true };
        option.Validators.Add(result =>
        {
            if ((result.GetValueOrDefault<string[]>() ?? []).FirstOrDefault(p => !File.Exists(p)) is { } missing)
                result.AddError($"--images '{missing}' does not exist.");
        });
        return option;
    }

    /// <summary><c>--image-dir</c>: where <see cref="BenchmarkImageSet"/> generates the default images.</summary>
    public static Option<string> ImageFolder() => new("--image-dir")
    {
        Description = "Where the default images are generated on first use (outside the repository).",
        HelpName = "dir",
        DefaultValueFactory = _ => BenchmarkImageSet.DefaultFolder,
    };
}
