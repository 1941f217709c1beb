using System.Globalization;

namespace ResNeXt.Inference.Evaluation;

/// <summary>
/// Lists a dataset folder the way mmpretrain's dataset classes do, so the same folder gives the same samples here and
/// in <c>tools/test.py</c>: the ImageNet layout (<c>DIR/meta/val.txt</c> + <c>DIR/val/</c>) when the annotation file
/// exists, else one sub-folder per class.
/// </summary>
public static class DatasetReader
{
    /// <summary>mmpretrain's ImageNet config: <c>split='val'</c> means <c>ann_file='meta/val.txt'</c>, <c>data_prefix='val'</c>.</summary>
    public const string DefaultAnnotationFile = "meta/val.txt";

    public const string DefaultSplitFolder = "val";

    /// <summary>mmpretrain <c>CustomDataset</c>'s default <c>IMG_EXTENSIONS</c>, matched case-insensitively like its <c>is_valid_file</c>.</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp"];

    /// <param name="annotationFile">"path label" lines; relative to <paramref name="directory"/> unless rooted.
    /// Null uses <see cref="DefaultAnnotationFile"/> when it exists.</param>
    /// <exception cref="InvalidDatasetException">Missing folder, unreadable annotation line, or no images.</exception>
    public static LabelledDataset Open(string directory, string? annotationFile = null)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
            throw new InvalidDatasetException($"The dataset folder '{root}' does not exist.");

        var annotation = annotationFile is null ? Path.Combine(root, DefaultAnnotationFile) : Path.GetFullPath(annotationFile, root);
        if (annotationFile is not null && !File.Exists(annotation))
            throw new InvalidDatasetException($"The annotation file '{annotation}' does not exist.");

        var dataset = File.Exists(annotation) ? ReadAnnotated(root, annotation) : ReadClassFolders(root);
        if (dataset.Images.Count == 0)
            throw new InvalidDatasetException($"The dataset '{root}' holds no images.");
        return dataset;
    }

    private static LabelledDataset ReadAnnotated(string root, string annotation)
    {
        var split = Path.Combine(root, DefaultSplitFolder);
        var prefix = Directory.Exists(split) ? split : root;
        var images = new List<LabelledImage>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(annotation))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            images.Add(ParseAnnotation(line.TrimEnd(), prefix, annotation, lineNumber));
        }
        return new LabelledDataset(root, DatasetLayout.Annotated, ClassNames: null, images);
    }

    /// <summary>mmpretrain splits on the last space (<c>line.rsplit(' ', 1)</c>), so file names may contain spaces.</summary>
    private static LabelledImage ParseAnnotation(string line, string prefix, string annotation, int lineNumber)
    {
        var separator = line.LastIndexOf(' ');
        if (separator <= 0 ||
            !int.TryParse(line.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var label))
        {
            throw new InvalidDatasetException($"{annotation}:{lineNumber}: expected 'relative/path label', got '{line}'.");
        }
        return new LabelledImage(Path.Combine(prefix, line[..separator]), label);
    }

    /// <summary>
    /// mmpretrain <c>CustomDataset</c> without <c>ann_file</c>: classes are the sorted sub-folder names (empty ones
    /// included, so an empty class keeps its index), files are searched recursively and sorted.
    /// </summary>
    private static LabelledDataset ReadClassFolders(string root)
    {
        var classes = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var images = new List<LabelledImage>();
        foreach (var (name, label) in classes.Select((name, label) => (name, label)))
        {
            var folder = Path.Combine(root, name);
            images.AddRange(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(IsImage)
                .Select(path => Path.GetRelativePath(folder, path))
                .Order(StringComparer.Ordinal)
                .Select(relative => new LabelledImage(Path.Combine(folder, relative), label)));
        }
        return new LabelledDataset(root, DatasetLayout.ClassFolders, classes, images);
    }

    private static bool IsImage(string path) =>
        ImageExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));
}
