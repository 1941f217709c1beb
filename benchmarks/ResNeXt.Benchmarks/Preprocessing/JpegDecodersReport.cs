namespace ResNeXt.Benchmarks.Preprocessing;

/// <summary>What <c>jpeg-decoders --json</c> prints.</summary>
internal sealed record JpegDecodersReport(MachineInfo Machine, string LoadAverageAfter, int Rounds, int Iterations, IReadOnlyList<JpegDecoderResult> Results);
