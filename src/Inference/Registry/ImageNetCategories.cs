using System.Reflection;

namespace ResNeXt.Inference.Registry;

/// <summary>
/// mmpretrain's 1000 ImageNet-1k class names in index order (embedded <c>imagenet1k_categories.txt</c>).
/// Used when a checkpoint's <c>meta</c> carries no class names of its own.
/// </summary>
public static class ImageNetCategories
{
    private static readonly Lazy<IReadOnlyList<string>> Names = new(Load);

    public static IReadOnlyList<string> All => Names.Value;

    private static IReadOnlyList<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ResNeXt.Inference.imagenet1k_categories.txt")
            ?? throw new InvalidOperationException("The ImageNet category list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var names = new List<string>(1000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0) names.Add(line);
        }
        return names;
    }
}
