namespace ResNeXt.Benchmarks.Preprocessing;

/// <summary>One contender, mode and image over the rounds (each round's median): time per image and its inverse, throughput.</summary>
internal sealed record PreprocessingResult(string Contender, string Mode, string Image, Spread MillisecondsPerImage, Spread ImagesPerSecond);
