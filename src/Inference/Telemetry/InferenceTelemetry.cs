using System.Diagnostics;

namespace ResNeXt.Inference.Telemetry;

/// <summary>
/// The one name under which the engine publishes traces and metrics, so a host enables both with
/// <c>AddSource(InferenceTelemetry.Name)</c> and <c>AddMeter(InferenceTelemetry.Name)</c>.
/// </summary>
public static class InferenceTelemetry
{
    public const string Name = "ResNeXt.Inference";

    /// <summary>Tag carried by every instrument and span: the catalogue name of the model.</summary>
    public const string ModelTag = "model";

    /// <summary>Tag of the batch and model-load instruments: the backend that ran them (<c>onnxruntime</c>, <c>torchsharp</c>).</summary>
    public const string BackendTag = "backend";

    /// <summary>Span of decoding and preprocessing a request's images, on the request's thread.</summary>
    public const string PreprocessSpan = "preprocess";

    /// <summary>Tag of the "preprocess" span: images in the request.</summary>
    public const string ImageCountTag = "resnext.images";

    /// <summary>Span of one image from enqueue until the worker takes it.</summary>
    public const string QueuedSpan = "queued";

    /// <summary>Span of one forward pass. It links to its images' request spans instead of choosing one parent.</summary>
    public const string BatchSpan = "batch";

    /// <summary>Tag of the "batch" span: images in the forward pass.</summary>
    public const string BatchSizeTag = "resnext.batch.size";

    /// <summary>
    /// Static rather than from DI: <see cref="ActivitySource"/> has no factory, and listeners subscribe by name,
    /// so one process-wide instance is what OpenTelemetry expects.
    /// </summary>
    public static ActivitySource ActivitySource { get; } = new(Name);
}
