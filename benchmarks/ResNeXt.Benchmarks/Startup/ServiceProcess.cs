using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Benchmarks.Startup;

/// <summary>
/// One start of the real service on a loopback port, timed from the moment the process is spawned. It is stopped the
/// way orchestrators stop it (SIGTERM, then a wait), and killed if anything goes wrong before that.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    // The API's ServiceDefaultsExtensions.ReadyPath and MetricsPath: the CLI talks to the service over HTTP only and
    // references none of its code.
    public const string ReadyPath = "/healthz/ready";
    public const string MetricsPath = "/metrics";

    /// <summary>Fine enough for start-ups of seconds, coarse enough that probing costs the starting process next to nothing.</summary>
    private static readonly TimeSpan ReadyPollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Until the service listens a connection is refused at once on loopback; this only bounds a wedged one.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Eight images through the largest model on two cores take seconds; this only bounds a hung request.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(5);

    private const string FailedState = "failed";
    private const string BackendProperty = "backend";
    private const int LogLinesKept = 20;
    private const int BodyExcerpt = 300;
    private const string TerminateSignal = "-TERM";

    private readonly Process _process;
    private readonly HttpClient _client;
    private readonly long _startedAt;
    private readonly ConcurrentQueue<string> _log = new();

    private ServiceProcess(Process process, HttpClient client, long startedAt)
    {
        _process = process;
        _client = client;
        _startedAt = startedAt;
        // Drained so a chatty log can never fill the pipe and block the service; the tail explains a failed start.
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    /// <summary>Where the service listens, e.g. http://127.0.0.1:PORT/.</summary>
    public Uri BaseAddress => _client.BaseAddress!;

    /// <summary>Time since the process was spawned.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_startedAt);

    public static ServiceProcess Start(ServiceCommand command, int port, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in settings)
            start.Environment[key] = value;
        var address = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        start.Environment["ASPNETCORE_URLS"] = address.ToString();

        var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = ConnectTimeout }) { BaseAddress = address, Timeout = RequestTimeout };
        var startedAt = Stopwatch.GetTimestamp();
        try
        {
            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
            return new ServiceProcess(process, client, startedAt);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Polls <see cref="ReadyPath"/> until it answers 200. While it answers 503 the model's status is read too, so a
    /// checkpoint that fails to load ends the wait at once with the service's own reason instead of a timeout.
    /// </summary>
    /// <exception cref="ModelLoadFailedException">The service reports the model as failed.</exception>
    public async Task WaitUntilReadyAsync(string model, TimeSpan timeout, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_process.HasExited)
                throw Failure($"exited with {_process.ExitCode} before it was ready");
            if (Elapsed > timeout)
                throw Failure(string.Create(CultureInfo.InvariantCulture, $"was not ready within {timeout.TotalSeconds} s"));
            switch (await ProbeAsync(ReadyPath, cancellationToken))
            {
                case HttpStatusCode.OK:
                    return;
                case HttpStatusCode.ServiceUnavailable when await ModelFailureAsync(model, cancellationToken) is { } reason:
                    // The service's own reason, as its API reports it: the log would only repeat it with a stack trace.
                    throw new ModelLoadFailedException(model, reason);
            }
            await Task.Delay(ReadyPollInterval, cancellationToken);
        }
    }

    /// <summary>One image through <c>POST /v1/models/{model}/predict</c>; anything but 200 is an error.</summary>
    public async Task PredictAsync(string model, byte[] image, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue(ProbeImage.MediaType);
        using var response = await _client.PostAsync($"/v1/models/{Uri.EscapeDataString(model)}/predict?topk=1", content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw Failure($"answered a prediction with {(int)response.StatusCode}: {body[..Math.Min(body.Length, BodyExcerpt)]}");
        }
    }

    /// <summary>The backend the service reports for <paramref name="model"/> (<c>GET /v1/models/{model}</c>'s <c>backend</c>).</summary>
    public async Task<string?> BackendAsync(string model, CancellationToken cancellationToken)
    {
        using var status = JsonDocument.Parse(await _client.GetStringAsync($"/v1/models/{Uri.EscapeDataString(model)}", cancellationToken));
        return status.RootElement.GetProperty(BackendProperty).GetString();
    }

    public Task<string> MetricsAsync(CancellationToken cancellationToken) => _client.GetStringAsync(MetricsPath, cancellationToken);

    /// <summary>SIGTERM, what Kubernetes and docker send, then waits for the graceful shutdown; returns the exit code.</summary>
    /// <exception cref="TimeoutException">The process had not exited within <paramref name="timeout"/> and was killed.</exception>
    public async Task<int> StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using (var kill = Process.Start("kill", [TerminateSignal, Id.ToString(CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync(cancellationToken);
        using var overdue = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overdue.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(overdue.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _process.Kill(entireProcessTree: true);
            throw Failure(string.Create(CultureInfo.InvariantCulture, $"was still running {timeout.TotalSeconds} s after SIGTERM and was killed"));
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _client.Dispose();
    }

    /// <summary>The probe's status, or null while nothing listens (or the process is too busy to answer in time).</summary>
    private async Task<HttpStatusCode?> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.GetAsync(path, cancellationToken);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The reason the service gives for a model whose load failed, or null while it is loading or ready.</summary>
    private async Task<string?> ModelFailureAsync(string model, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            using var response = await _client.GetAsync($"/v1/models/{Uri.EscapeDataString(model)}", cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
                return $"GET /v1/models/{model} answered {(int)response.StatusCode}";
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null; // it went away between the two requests: the next poll sees the exit
        }
        using var status = JsonDocument.Parse(body);
        return status.RootElement.GetProperty("state").GetString() == FailedState
            ? status.RootElement.GetProperty("reason").GetString()
            : null;
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        _log.Enqueue(line);
        while (_log.Count > LogLinesKept)
            _log.TryDequeue(out _);
    }

    private InvalidOperationException Failure(string what)
    {
        var log = _log.IsEmpty ? "" : " Its last log lines: " + string.Join(" | ", _log.Select(l => l.Trim()));
        return new InvalidOperationException($"The service (pid {Id}) {what}.{log}");
    }
}
