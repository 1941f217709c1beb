namespace ResNeXt.Benchmarks.Service;

/// <summary>One of issue 11's targets against what the run measured.</summary>
/// <param name="AtLeast">True: <paramref name="Value"/> must reach <paramref name="Target"/>; false: it must not exceed it.</param>
/// <param name="Value">Null when the run could not measure it (e.g. no answer at all): never met.</param>
internal sealed record TargetCheck(string Name, double? Value, double Target, bool AtLeast)
{
    public bool Met => Value is { } value && (AtLeast ? value >= Target : value <= Target);
}
