using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ResNeXt.Benchmarks.Ceiling;

/// <summary>
/// The clock a core really runs at, which a VM's <c>cpu MHz</c> does not report: a chain of dependent integer
/// operations retires one per cycle on every x86 core of the last decade, so chained operations per second is cycles
/// per second. The loop counter and branch run beside the chain on other ports and add no cycles.
/// </summary>
internal static class ClockProbe
{
    /// <summary>Dependent operations per loop iteration (add, xor, add, xor).</summary>
    private const int ChainPerIteration = 4;

    /// <summary>About 0.3 s per probe at 3 GHz: long enough to ramp the clock and swamp the timer.</summary>
    public const long DefaultIterations = 250_000_000;

    /// <summary>Cycles per second in GHz from one probe on the calling thread.</summary>
    public static double MeasureGHz(long iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        // A key the JIT cannot know, so it can neither fold the chain nor drop it.
        var key = Environment.TickCount64 | 1;
        var started = Stopwatch.GetTimestamp();
        var sink = Chain(iterations, key);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        GC.KeepAlive(sink);
        return iterations * ChainPerIteration / seconds / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Chain(long iterations, long key)
    {
        var x = key;
        for (long i = 0; i < iterations; i++)
        {
            x += i;
            x ^= key;
            x += i;
            x ^= key;
        }
        return x;
    }
}
