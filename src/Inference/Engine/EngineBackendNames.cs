namespace ResNeXt.Inference.Engine;

/// <summary>The lower-case names a backend has in configuration, on the command line, in JSON, logs and metric tags.</summary>
public static class EngineBackendNames
{
    public const string OnnxRuntime = "onnxruntime";
    public const string TorchSharp = "torchsharp";

    public static IReadOnlyList<string> All { get; } = [OnnxRuntime, TorchSharp];

    public static string ToName(this EngineBackend backend) => backend switch
    {
        EngineBackend.OnnxRuntime => OnnxRuntime,
        EngineBackend.TorchSharp => TorchSharp,
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, null),
    };

    public static bool TryParse(string? name, out EngineBackend backend)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case OnnxRuntime:
                backend = EngineBackend.OnnxRuntime;
                return true;
            case TorchSharp:
                backend = EngineBackend.TorchSharp;
                return true;
            default:
                backend = default;
                return false;
        }
    }
}
