namespace ResNeXt.Benchmarks.Preprocessing;

/// <summary>
/// The default images: a 500x375 and a 2000x1500 photo-like JPEG (quality 90, 4:2:0) and the small one as a PNG,
/// written by the Python script's <c>--make-images</c> (deterministic: same seed, same libraries, same bytes) into a
/// cache folder outside the repository the first time they are needed.
/// </summary>
internal static class BenchmarkImageSet
{
    /// <summary>The file names bench_preprocessing.py writes; a rename on either side fails the generation check below.</summary>
    public static IReadOnlyList<string> FileNames { get; } = ["photo_500x375.jpg", "photo_2000x1500.jpg", "photo_500x375.png"];

    public static string DefaultFolder { get; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "resnext-service", "bench-images");

    /// <summary>The paths of the default images in <paramref name="folder"/>, generated with <paramref name="script"/> when any is missing.</summary>
    public static IReadOnlyList<string> Ensure(string folder, PythonScript script)
    {
        var paths = FileNames.Select(name => Path.GetFullPath(Path.Combine(folder, name))).ToList();
        if (paths.All(File.Exists))
            return paths;
        var written = script.Run(["--make-images", folder]).GetProperty("images").EnumerateArray()
            .Select(p => Path.GetFullPath(p.GetString() ?? "")).ToList();
        if (!written.SequenceEqual(paths))
            throw new InvalidDataException($"{Path.GetFileName(script.ScriptPath)} wrote {string.Join(", ", written)}, not {string.Join(", ", paths)}.");
        return paths;
    }
}
