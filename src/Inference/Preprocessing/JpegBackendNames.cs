namespace ResNeXt.Inference.Preprocessing;

/// <summary>The spelling of <see cref="JpegBackend"/> in logs, status bodies and benchmark reports.</summary>
public static class JpegBackendNames
{
    public const string TurboJpeg = "libjpeg-turbo";
    public const string LibJpegNet = "libjpeg.net";

    public static string ToName(this JpegBackend backend) => backend switch
    {
        JpegBackend.TurboJpeg => TurboJpeg,
        JpegBackend.LibJpegNet => LibJpegNet,
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "Not a JPEG decoder."),
    };
}
