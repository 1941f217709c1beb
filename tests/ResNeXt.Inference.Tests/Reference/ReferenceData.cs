namespace ResNeXt.Inference.Tests.Reference;

/// <summary>
/// Locates the golden files written by <c>tests/reference/*.py</c> (Debian's PyTorch and Pillow).
/// They live outside the repository (full-size checkpoints are hundreds of MB): <c>$RESNEXT_REFERENCE_DIR</c>,
/// default <c>~/.cache/resnext-service/reference</c>. <c>tests/reference/generate.sh</c> fills it.
/// A missing reference skips a test on a developer machine but fails it in CI (<c>CI=true</c>): a skip is not a pass.
/// </summary>
public static class ReferenceData
{
    public static string Root { get; } =
        Environment.GetEnvironmentVariable("RESNEXT_REFERENCE_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "resnext-service", "reference");

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the absolute path of a reference file or folder, or skips/fails the test when it is missing.</summary>
    public static string Require(params string[] relativePath)
    {
        var path = Path.Combine([Root, .. relativePath]);
        if (File.Exists(path) || Directory.Exists(path)) return path;

        Unavailable($"Reference data '{path}' is missing; run tests/reference/generate.sh (needs python3-torch, python3-torchvision, python3-pil).");
        return path; // unreachable: Unavailable throws
    }

    /// <summary>Skips the test with <paramref name="reason"/>, or fails it in CI.</summary>
    public static void Unavailable(string reason)
    {
        if (InCi) Assert.Fail(reason);
        Assert.Skip(reason);
    }
}
