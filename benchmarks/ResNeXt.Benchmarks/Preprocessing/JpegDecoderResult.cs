namespace ResNeXt.Benchmarks.Preprocessing;

/// <summary>One decoder on one image over the rounds; <see cref="SlowerThanTurbo"/> is the per-round ratio to libjpeg-turbo.</summary>
internal sealed record JpegDecoderResult(string Image, int Width, int Height, string Decoder, Spread MillisecondsPerImage, Spread? SlowerThanTurbo,
    bool SamePixelsAsTurbo);
