using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace ResNeXt.Resilience.Tests.Infrastructure;

/// <summary>One instance of the real service: <c>dotnet ResNeXt.Api.dll</c> listening on a loopback port.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyPollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly HttpClient _probe;
    private Process? _process;

    public ServiceProcess(int port, IReadOnlyDictionary<string, string> settings)
    {
        Port = port;
        _settings = settings;
        Address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        _probe = new HttpClient { BaseAddress = Address, Timeout = ProbeTimeout };
    }

    public int Port { get; }

    public Uri Address { get; }

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("Not started.");

    public bool HasExited => _process is null || _process.HasExited;

    public int ExitCode => _process?.ExitCode ?? throw new InvalidOperationException("Not started.");

    /// <summary>Starts the process and waits until <c>/healthz/ready</c> answers 200.</summary>
    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ResilienceFiles.ApiAssembly);
        start.Environment["ASPNETCORE_URLS"] = Address.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in _settings) start.Environment[key] = value;

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        // Drained so a chatty log can never fill the pipe and block the service.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync(timeout, cancellationToken);
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (HasExited) throw new InvalidOperationException($"Service on port {Port} exited with {_process?.ExitCode} while starting.");
            if (await IsReadyAsync(cancellationToken) == HttpStatusCode.OK) return;
            await Task.Delay(ReadyPollInterval, cancellationToken);
        }
        throw new TimeoutException($"Service on port {Port} was not ready within {timeout}.");
    }

    /// <summary>The readiness probe's status, or null when nothing answered (not listening).</summary>
    public async Task<HttpStatusCode?> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _probe.GetAsync("/healthz/ready", cancellationToken);
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

    /// <summary>SIGTERM, what Kubernetes and docker send first: the service shuts down gracefully.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", ProcessId.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: the process dies at once, with requests in flight.</summary>
    public void Kill() => _process?.Kill();

    public async Task WaitForExitAsync(CancellationToken cancellationToken)
    {
        if (_process is not null) await _process.WaitForExitAsync(cancellationToken);
    }

    public ProcessSample Sample() => ProcessSample.Read(ProcessId);

    /// <summary>The value of one Prometheus sample from <c>/metrics</c>, e.g. <c>resnext_tensors_live</c>.</summary>
    public async Task<double?> MetricAsync(string name, CancellationToken cancellationToken)
    {
        var text = await _probe.GetStringAsync("/metrics", cancellationToken);
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal) && !l.StartsWith('#'));
        return line is null ? null : double.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _probe.Dispose();
    }
}
