using System.Runtime.InteropServices;

namespace ResNeXt.Inference.Preprocessing;

/// <summary>A TurboJPEG decompressor instance (<c>tjhandle</c>); <c>tjDestroy</c> frees it and its libjpeg state.</summary>
internal sealed class TurboJpegHandle() : SafeHandle(nint.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle() => TurboJpegNative.Destroy(handle) == 0;
}
