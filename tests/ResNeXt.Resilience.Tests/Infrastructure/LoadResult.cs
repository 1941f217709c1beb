namespace ResNeXt.Resilience.Tests.Infrastructure;

/// <summary>What a load run saw: every request ends as an HTTP status or as a transport failure.</summary>
/// <param name="StatusCounts">Responses by HTTP status code.</param>
/// <param name="TransportFailures">Requests that got no HTTP response at all (connection refused, reset, timeout).</param>
/// <param name="WrongAnswers">200 responses whose prediction matched no expected answer.</param>
public sealed record LoadResult(
    int Sent,
    IReadOnlyDictionary<int, int> StatusCounts,
    int TransportFailures,
    int WrongAnswers,
    double P50Milliseconds,
    double P99Milliseconds,
    double Seconds)
{
    private const int Ok = 200;

    public int Succeeded => StatusCounts.GetValueOrDefault(Ok);

    /// <summary>Everything that was not a correct 200.</summary>
    public int Failed => Sent - Succeeded + WrongAnswers;

    public int ServerErrors => StatusCounts.Where(s => s.Key >= 500).Sum(s => s.Value);
}
