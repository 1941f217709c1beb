using ResNeXt.Cli.Benchmarking;

namespace ResNeXt.Benchmarks.Ceiling;

/// <summary>
/// The physical ceiling of FP32 inference on this machine: every core doing two fused multiply-adds per cycle at the
/// measured clock. How wide those FMAs are depends on the core, which CPUID does not say, so both widths are given:
/// 256 bits (AVX2 and Zen 4's AVX-512, 32 FLOP per cycle) and 512 bits (Zen 5 and server Intel, 64).
/// </summary>
/// <param name="ClockGHz">Median over the probes, with min and max.</param>
internal sealed record CeilingReport(MachineInfo Machine, int Cores, Spread ClockGHz, IReadOnlyList<ModelCeiling> Models)
{
    public const int NarrowFlopsPerCycle = 32;
    public const int WideFlopsPerCycle = 64;

    public double NarrowGflops => Cores * NarrowFlopsPerCycle * ClockGHz.Median;

    public double WideGflops => Cores * WideFlopsPerCycle * ClockGHz.Median;
}
