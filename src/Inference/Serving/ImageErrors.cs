using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Inference.Serving;

/// <summary>Names the offending image of a multi-image request, keeping the error's type and code.</summary>
internal static class ImageErrors
{
    public static InferenceException ForImage(InferenceException error, int index)
    {
        var named = error switch
        {
            InvalidImageException => new InvalidImageException($"Image {index}: {error.Message}", error),
            _ => error, // the size in an ImageTooLargeException's message already identifies the image
        };
        named.ImageIndex = index;
        return named;
    }
}
