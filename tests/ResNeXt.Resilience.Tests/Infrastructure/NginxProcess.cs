using System.Diagnostics;
using System.Globalization;
using ResNeXt.Deploy.Tests.Nginx;

namespace ResNeXt.Resilience.Tests.Infrastructure;

/// <summary>Debian's nginx in the foreground, running the repository's nginx.conf in a private prefix.</summary>
public sealed class NginxProcess : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly NginxTestConfiguration _configuration;
    private readonly Process _process;

    private NginxProcess(int port, NginxTestConfiguration configuration, Process process)
    {
        Address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        _configuration = configuration;
        _process = process;
    }

    public Uri Address { get; }

    public static async Task<NginxProcess> StartAsync(IEnumerable<int> replicaPorts, TimeSpan timeout, CancellationToken cancellationToken)
    {
        NginxBinary.Require();
        var port = LoopbackPorts.Free();
        var configuration = NginxTestConfiguration.Create(port, replicaPorts);
        var start = new ProcessStartInfo(NginxBinary.Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in configuration.Arguments.SkipLast(1)) start.ArgumentList.Add(argument);
        // One -g only: nginx rejects a second; the pid directive from Arguments goes into the same string.
        start.ArgumentList.Add($"{configuration.Arguments[^1]} daemon off;");
        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        // Access log lines go to stdout for every request; discard them so the pipe never blocks nginx.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var nginx = new NginxProcess(port, configuration, process);
        await nginx.WaitUntilListeningAsync(timeout, cancellationToken);
        return nginx;
    }

    private async Task WaitUntilListeningAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Address };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"nginx exited: {File.ReadAllText(_configuration.ErrorLogPath)}");
            try
            {
                using var response = await client.GetAsync("/nginx/health", cancellationToken);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
        throw new TimeoutException($"nginx did not listen within {timeout}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _configuration.Dispose();
    }
}
