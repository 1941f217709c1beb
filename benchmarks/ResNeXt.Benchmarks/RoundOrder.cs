namespace ResNeXt.Benchmarks;

/// <summary>
/// The order contenders run in within a round. Rotating it keeps any one contender from always running first (cold
/// caches, a fresh CPU boost) or always right after another's heavy phase (a model load, a process pool's start).
/// </summary>
internal static class RoundOrder
{
    public static IEnumerable<T> Rotate<T>(IReadOnlyList<T> contenders, int round)
    {
        var first = round % contenders.Count;
        return contenders.Skip(first).Concat(contenders.Take(first));
    }
}
