using System.Text.Json;

namespace ResNeXt.Benchmarks.Tests;

public sealed class PreprocessingBenchCommandTests : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("resnext-cli-bench-preprocessing-");

    public void Dispose() => directory.Delete(recursive: true);

    [Theory]
    [InlineData("--rounds", "0", "--rounds must be at least 1.")]
    [InlineData("--iterations", "0", "--iterations must be at least 1.")]
    [InlineData("--batch", "0", "--batch must be at least 1.")]
    [InlineData("--batches", "0", "--batches must be at least 1.")]
    [InlineData("--workers", "0", "--workers must be at least 1.")]
    [InlineData("--warmup", "-1", "--warmup must not be negative.")]
    [InlineData("--modes", "sometimes", "sometimes")]
    [InlineData("--pillow-malloc", "jemalloc", "jemalloc")]
    [InlineData("--png-decoder", "libpng", "libpng")]
    public async Task InvalidSettingsAreUsageErrors(string option, string value, string message)
    {
        var run = await BenchmarkRunner.RunAsync("preprocessing", option, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AModeNamedTwiceIsAUsageError()
    {
        var run = await BenchmarkRunner.RunAsync("preprocessing", "--modes", "single", "single");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--modes names a value twice.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingImageIsAUsageError()
    {
        var missing = Path.Combine(directory.FullName, "missing.jpg");

        var run = await BenchmarkRunner.RunAsync("preprocessing", "--images", missing);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"--images '{missing}' does not exist.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImagesWithTheSameFileNameAreAUsageError()
    {
        var first = Directory.CreateDirectory(Path.Combine(directory.FullName, "a")).FullName;
        var second = Directory.CreateDirectory(Path.Combine(directory.FullName, "b")).FullName;
        File.WriteAllBytes(Path.Combine(first, "x.jpg"), [1]);
        File.WriteAllBytes(Path.Combine(second, "x.jpg"), [1]);

        var run = await BenchmarkRunner.RunAsync("preprocessing", "--images", Path.Combine(first, "x.jpg"), Path.Combine(second, "x.jpg"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("two files named 'x.jpg'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneShortRoundOnTheGeneratedImagesIsExactAndWritesTheReport()
    {
        PillowRequirement.Require();
        var images = Path.Combine(directory.FullName, "images");
        var output = Path.Combine(directory.FullName, "results");

        var run = await BenchmarkRunner.RunAsync("preprocessing", "--image-dir", images, "--rounds", "1", "--warmup", "0",
            "--iterations", "1", "--batch", "2", "--batches", "1", "--workers", "2", "--pillow-malloc", "no-trim", "--png-decoder", "imagesharp",
            "--out", output);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal(["photo_2000x1500.jpg", "photo_500x375.jpg", "photo_500x375.png"], Directory.GetFiles(images).Select(Path.GetFileName).Order());
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "preprocessing.json"), TestContext.Current.CancellationToken));
        var root = report.RootElement;
        Assert.True(root.GetProperty("allExact").GetBoolean());
        Assert.Equal(3, root.GetProperty("exactness").GetArrayLength());
        // 2 contenders x 2 modes x 3 images; one ratio (ours over Pillow's) per mode and image. One Python process per
        // round is enough to cover the baseline, and the tuned allocator covers the environment passed to it.
        Assert.Equal(12, root.GetProperty("results").GetArrayLength());
        Assert.Equal(6, root.GetProperty("ratios").GetArrayLength());
        Assert.Equal("imagesharp", root.GetProperty("pngBackend").GetString());
        Assert.Equal(["no-trim"], root.GetProperty("allocators").EnumerateArray().Select(a => a.GetString()));
        Assert.All(root.GetProperty("results").EnumerateArray(), r => Assert.True(r.GetProperty("imagesPerSecond").GetProperty("median").GetDouble() > 0));
        Assert.StartsWith("Pillow 9", root.GetProperty("baseline").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "preprocessing.svg")));
        Assert.Contains("exactness photo_2000x1500.jpg: identical", run.Output, StringComparison.Ordinal);
    }
}
