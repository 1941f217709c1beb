namespace ResNeXt.Cli.LoadTesting;

/// <summary>How one request ended: an HTTP status, or an exception that left it without one.</summary>
/// <param name="Status">The response's status code; null when no response came.</param>
/// <param name="Failure">Why no response came (e.g. <c>HttpRequestException.ConnectionError</c>, <c>Timeout</c>); null when one did.</param>
internal readonly record struct RequestOutcome(double LatencyMs, int? Status, string? Failure)
{
    private const int FirstSuccess = 200;
    private const int FirstRedirect = 300;

    public bool Succeeded => Status is >= FirstSuccess and < FirstRedirect;

    public static RequestOutcome Answered(int status, double latencyMs) => new(latencyMs, status, null);

    public static RequestOutcome Failed(string failure, double latencyMs) => new(latencyMs, null, failure);
}
