using ResNeXt.Inference.Engine;

namespace ResNeXt.Benchmarks.Startup;

/// <summary>
/// onnxruntime's median over torchsharp's for one model: below 1 means ONNX Runtime loads faster or holds less. Medians,
/// because a round slowed by the shared machine should not move the ratio.
/// </summary>
/// <param name="ModelLoadSeconds">Null when either backend's rounds could not read the service's load metric.</param>
/// <param name="SteadyRssMebibytes">VmRSS after the waves: what each holds while serving.</param>
/// <param name="SteadyPeakRssMebibytes">VmHWM after the waves: what a memory limit must allow for each.</param>
internal sealed record BackendRatio(double? ModelLoadSeconds, double SteadyRssMebibytes, double SteadyPeakRssMebibytes)
{
    /// <summary>Null unless both backends were measured.</summary>
    public static BackendRatio? Of(IReadOnlyList<StartupBackendResult> backends)
    {
        var onnx = backends.SingleOrDefault(b => b.Backend == EngineBackendNames.OnnxRuntime)?.Service;
        var torch = backends.SingleOrDefault(b => b.Backend == EngineBackendNames.TorchSharp)?.Service;
        if (onnx is null || torch is null)
            return null;
        return new BackendRatio(
            onnx.ModelLoadSeconds is { } o && torch.ModelLoadSeconds is { } t ? o.Median / t.Median : null,
            onnx.SteadyRssMebibytes.Median / torch.SteadyRssMebibytes.Median,
            onnx.SteadyPeakRssMebibytes.Median / torch.SteadyPeakRssMebibytes.Median);
    }
}
