namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// The constants of mmpretrain's ImageNet test pipeline (configs/_base_/datasets/imagenet_bs32_pil_resize.py):
/// ResizeEdge(scale=256, edge='short', backend='pillow', interpolation='bilinear'), CenterCrop(224), and the
/// data preprocessor's RGB mean/std.
/// </summary>
public static class ImageNetPipeline
{
    public const int ResizeShortEdge = 256;
    public const int CropSize = 224;
    public const int Channels = 3;

    /// <summary>Floats per preprocessed image (3 x 224 x 224, CHW).</summary>
    public const int TensorLength = Channels * CropSize * CropSize;

    public static ReadOnlySpan<float> Mean => [123.675f, 116.28f, 103.53f];
    public static ReadOnlySpan<float> Std => [58.395f, 57.12f, 57.375f];
}
