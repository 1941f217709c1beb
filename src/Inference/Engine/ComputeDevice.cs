using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace ResNeXt.Inference.Engine;

/// <summary>
/// The device a model runs on (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>) and whether this process can use it with a given
/// backend. Asked once at start, so a machine without a GPU or without the CUDA build fails with a sentence naming
/// what is missing instead of at the first request.
/// </summary>
public sealed record ComputeDevice(bool IsCuda, int Index)
{
    public const string CudaExecutionProvider = "CUDAExecutionProvider";
    private const string CudaDriverLibrary = "libcuda.so.1";

    public static ComputeDevice Cpu { get; } = new(false, 0);

    /// <summary>Like <see cref="Parse"/>, false instead of throwing for a malformed or empty value.</summary>
    public static bool TryParse(string? device, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ComputeDevice? parsed)
    {
        try
        {
            parsed = string.IsNullOrWhiteSpace(device) ? null : Parse(device);
        }
        catch (ArgumentException)
        {
            parsed = null;
        }
        return parsed is not null;
    }

    public static ComputeDevice Parse(string device)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(device);
        if (device == "cpu")
            return Cpu;
        if (device == "cuda")
            return new ComputeDevice(true, 0);
        if (device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(device.AsSpan(5), out var index) && index >= 0)
            return new ComputeDevice(true, index);
        throw new ArgumentException($"'{device}' is not a device: use cpu, cuda or cuda:N.", nameof(device));
    }

    /// <summary>Null when <paramref name="backend"/> can run on this device here, else what is missing.</summary>
    public string? Unavailable(EngineBackend backend)
    {
        if (!IsCuda)
            return null;
        switch (backend)
        {
            case EngineBackend.OnnxRuntime:
                if (!OrtEnv.Instance().GetAvailableProviders().Contains(CudaExecutionProvider))
                {
                    return "this build's ONNX Runtime has no CUDA execution provider: build with -p:TorchBackend=cuda " +
                           "(Microsoft.ML.OnnxRuntime.Gpu.Linux, CUDA 13 + cuDNN 9)";
                }
                return NativeLibrary.TryLoad(CudaDriverLibrary, out var driver) && Free(driver)
                    ? null
                    : $"no NVIDIA driver was found ({CudaDriverLibrary} cannot be loaded): this machine has no usable GPU";
            case EngineBackend.TorchSharp:
                return TorchSharp.torch.cuda.is_available()
                    ? Index < TorchSharp.torch.cuda.device_count() ? null : $"cuda:{Index} does not exist (libtorch sees {TorchSharp.torch.cuda.device_count()} GPUs)"
                    : "libtorch reports no CUDA device: this build's libtorch is CPU-only (build with -p:TorchBackend=cuda) or the machine has no GPU";
            default:
                throw new ArgumentOutOfRangeException(nameof(backend), backend, null);
        }
    }

    private static bool Free(IntPtr library)
    {
        NativeLibrary.Free(library);
        return true;
    }

    public override string ToString() => IsCuda ? $"cuda:{Index}" : "cpu";
}
