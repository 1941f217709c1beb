using System.CommandLine;

namespace ResNeXt.Cli.Commands;

/// <summary>The <c>IMAGE...</c> argument <c>predict</c> and <c>features</c> share.</summary>
internal static class ImageArguments
{
    /// <summary>
    /// Existence is checked while parsing, so a typo in a path is a usage error, not an image error; so is a folder,
    /// which <see cref="ArgumentValidation.AcceptExistingOnly(Argument{FileInfo[]})"/> lets through as existing.
    /// </summary>
    public static Argument<FileInfo[]> Create()
    {
        var images = new Argument<FileInfo[]>("images")
        {
            Description = "Image files: JPEG, PNG, WebP, BMP, GIF or TIFF.",
            Arity = ArgumentArity.OneOrMore,
        }.AcceptExistingOnly();
        images.Validators.Add(result =>
        {
            // From the tokens: after another validator's error the converted value is no longer readable.
            if (result.Tokens.Select(t => t.Value).FirstOrDefault(Directory.Exists) is { } folder)
                result.AddError($"'{folder}' is a folder: name the images in it, e.g. '{Path.Combine(folder, "*.jpg")}'.");
        });
        return images;
    }
}
