namespace ResNeXt.Benchmarks.Ceiling;

/// <summary>One catalogue model's images per second at the ceiling; a forward pass is 2 FLOP per published multiply-add.</summary>
internal sealed record ModelCeiling(string Model, double GflopPerImage, double NarrowImagesPerSecond, double WideImagesPerSecond);
