namespace ResNeXt.Inference.Telemetry;

/// <summary>Why an image was answered without being computed; the <c>reason</c> tag of <c>resnext.rejections</c>.</summary>
public enum RejectionReason
{
    QueueFull,
    Deadline,
    Cancelled,

    /// <summary>The model stopped serving (shutdown ran out of time, or it was unloaded while draining) before the image's turn.</summary>
    Stopped,

    /// <summary>The forward pass of the image's batch threw.</summary>
    BatchFailed,
}
