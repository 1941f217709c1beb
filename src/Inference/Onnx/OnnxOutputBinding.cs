using Microsoft.ML.OnnxRuntime;

namespace ResNeXt.Inference.Onnx;

/// <summary>The outputs one kind of batch fetches: their graph names and the values over <see cref="OnnxOutputBuffers"/>' memory.</summary>
internal sealed record OnnxOutputBinding(string[] Names, OrtValue[] Values) : IDisposable
{
    public void Dispose()
    {
        foreach (var value in Values)
            value.Dispose();
    }
}
