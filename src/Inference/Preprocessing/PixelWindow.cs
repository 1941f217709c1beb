namespace ResNeXt.Inference.Preprocessing;

/// <summary>A rectangle of pixels: the part of a resized image that the pipeline actually keeps.</summary>
internal readonly record struct PixelWindow(int Left, int Top, int Width, int Height);
