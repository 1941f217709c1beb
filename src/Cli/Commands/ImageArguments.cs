using System.CommandLine;

namespace ResNeXt.Cli.Commands;

/// <summary>The <c>IMAGE...</c> argument <c>predict</c> and <c>features</c> share.</summary>
internal static class ImageArguments
{
    /// <summary>Existence is checked while parsing, so a typo in a path is a usage error, not an image error.</summary>
    public static Argument<FileInfo[]> Create() =>
        new Argument<FileInfo[]>("images")
        {
            Description = "JPEG or PNG files.",
            Arity = ArgumentArity.OneOrMore,
        }.AcceptExistingOnly();
}
