namespace ResNeXt.Api.Uploads;

/// <summary>
/// How long a request body may take to arrive: Limits:MaxRequestTimeout, the longest a client may ask a request to
/// take. Kestrel only enforces an average rate (240 bytes a second after 5 s), so a client that sent half a body and
/// stalled held its request for (bytes sent / 240) seconds: 313 s after 75 kB, half a day after 10 MB.
/// </summary>
internal sealed class UploadDeadline : IDisposable
{
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _linked;
    private readonly TimeSpan _limit;

    private UploadDeadline(TimeSpan limit, TimeProvider time, CancellationToken requestAborted)
    {
        _limit = limit;
        _deadline = new CancellationTokenSource(limit, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _deadline.Token);
    }

    /// <summary>Cancelled when the client leaves or the deadline passes.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Whether the deadline, not the client, ended the read.</summary>
    public bool Expired => _deadline.IsCancellationRequested;

    public static UploadDeadline Start(TimeSpan limit, TimeProvider time, CancellationToken requestAborted) => new(limit, time, requestAborted);

    public string Describe() => $"The request body did not arrive within Limits:MaxRequestTimeout ({_limit}).";

    public void Dispose()
    {
        _linked.Dispose();
        _deadline.Dispose();
    }
}
