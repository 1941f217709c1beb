using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ResNeXt.Inference.Tests.Download;

/// <summary>
/// A minimal HTTP/1.1 file server on 127.0.0.1 (one request per connection) whose misbehaviour each test scripts:
/// dropping or stalling a response after some bytes, or ignoring Range. A raw socket server rather than
/// HttpListener, so a test controls exactly when the body stops.
/// </summary>
public sealed class LocalFileServer : IAsyncDisposable
{
    private const string RangePrefix = "bytes=";

    private readonly TcpListener _listener = new(IPAddress.Loopback, port: 0);
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ResponsePlan> _plans = new();
    private readonly ConcurrentQueue<ServedRequest> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    public LocalFileServer()
    {
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri BaseUrl { get; }

    /// <summary>False makes the server answer every request with the whole file, as RFC 9110 allows.</summary>
    public bool HonoursRange { get; set; } = true;

    /// <summary>Every status code returned instead of the file while set (e.g. 503 for an overloaded mirror).</summary>
    public HttpStatusCode? ForcedStatus { get; set; }

    public IReadOnlyList<ServedRequest> Requests => [.. _requests];

    public Uri Add(string path, byte[] content)
    {
        _files[path] = content;
        return new Uri(BaseUrl, path);
    }

    /// <summary>Scripts the next response that has not been scripted yet; unscripted responses are honest.</summary>
    public void Enqueue(ResponsePlan plan) => _plans.Enqueue(plan);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation, which is how we asked it to stop.
        }
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var (path, rangeStart) = await ReadRequestAsync(stream);
            _requests.Enqueue(new ServedRequest(path, rangeStart));
            _plans.TryDequeue(out var plan);
            await RespondAsync(stream, path, rangeStart, plan ?? ResponsePlan.Honest);
        }
        catch (Exception error) when (error is IOException or OperationCanceledException)
        {
            // The client went away (cancelled download) or the server is stopping; either ends this connection.
        }
    }

    private static async Task<(string Path, long? RangeStart)> ReadRequestAsync(NetworkStream stream)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        var requestLine = await reader.ReadLineAsync() ?? throw new IOException("Empty request.");
        var path = Uri.UnescapeDataString(requestLine.Split(' ')[1].TrimStart('/'));
        long? rangeStart = null;
        for (var line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Equals("Range", StringComparison.OrdinalIgnoreCase))
                rangeStart = long.Parse(line[(colon + 1)..].Trim()[RangePrefix.Length..].TrimEnd('-'), CultureInfo.InvariantCulture);
        }
        return (path, rangeStart);
    }

    private async Task RespondAsync(NetworkStream stream, string path, long? rangeStart, ResponsePlan plan)
    {
        if (ForcedStatus is not null || !_files.TryGetValue(path, out var content))
        {
            await WriteHeadAsync(stream, ForcedStatus ?? HttpStatusCode.NotFound, "Content-Length: 0");
            return;
        }

        var start = HonoursRange ? rangeStart ?? 0 : 0;
        if (start >= content.Length)
        {
            await WriteHeadAsync(stream, HttpStatusCode.RequestedRangeNotSatisfiable, $"Content-Range: bytes */{content.Length}", "Content-Length: 0");
            return;
        }

        if (start > 0)
            await WriteHeadAsync(stream, HttpStatusCode.PartialContent,
                $"Content-Range: bytes {start}-{content.Length - 1}/{content.Length}", $"Content-Length: {content.Length - start}");
        else
            await WriteHeadAsync(stream, HttpStatusCode.OK, $"Content-Length: {content.Length}");

        var end = plan.CutAfterBytes is { } cut ? Math.Min(content.Length, start + cut) : content.Length;
        await stream.WriteAsync(content.AsMemory((int)start, (int)(end - start)), _stop.Token);
        await stream.FlushAsync(_stop.Token);
        if (plan.StallAfterCut)
            await Task.Delay(Timeout.Infinite, _stop.Token);
    }

    private async Task WriteHeadAsync(NetworkStream stream, HttpStatusCode status, params string[] headers)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {(int)status} {status}\r\n")
            .Append("Connection: close\r\n");
        foreach (var header in headers)
            head.Append(header).Append("\r\n");
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
    }
}
