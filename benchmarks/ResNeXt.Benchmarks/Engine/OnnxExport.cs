using ResNeXt.Inference.Model;

namespace ResNeXt.Benchmarks.Engine;

/// <summary>
/// The ONNX file ONNX Runtime times: Debian's torch.onnx export of the very checkpoint the engine loaded
/// (tests/reference/export_onnx.py), cached outside the repository by the checkpoint's sha256, since an export of a
/// full-size model takes longer than a benchmark round.
/// </summary>
internal static class OnnxExport
{
    private const string Script = "export_onnx.py";
    private const int HashPrefixLength = 16;

    public static string DefaultCacheFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "resnext-service", "onnx");

    public static string Ensure(string python, string checkpointPath, string checkpointSha256, ResNeXtSpec spec, string cacheFolder)
    {
        var target = Path.Combine(cacheFolder, $"{Path.GetFileNameWithoutExtension(checkpointPath)}-{checkpointSha256[..HashPrefixLength]}.onnx");
        if (File.Exists(target))
            return target;
        Directory.CreateDirectory(cacheFolder);
        PythonScript.Locate(python, Script).Run(["--checkpoint", checkpointPath, .. BaselineContender.ArchitectureArguments(spec), "--out", target]);
        return target;
    }
}
