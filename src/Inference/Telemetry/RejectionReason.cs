namespace ResNeXt.Inference.Telemetry;

/// <summary>Why an image was answered without being computed; the <c>reason</c> tag of <c>resnext.rejections</c>.</summary>
public enum RejectionReason
{
    QueueFull,
    Deadline,
    Cancelled,
}
