using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ResNeXt.Inference.Tests.Batching;

/// <summary>Hands out plain meters and remembers them, so a listener can pick this test's meter out of the process.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly ConcurrentBag<Meter> _meters = [];

    public IReadOnlyCollection<Meter> Meters => _meters;

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
