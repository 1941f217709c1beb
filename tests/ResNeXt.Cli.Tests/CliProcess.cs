using System.Collections.Concurrent;
using System.Diagnostics;

namespace ResNeXt.Cli.Tests;

/// <summary>
/// The <c>resnext</c> executable, from src/Cli's own output folder, run as a process of its own, for what an
/// in-process run cannot show: how the process meets a signal.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _outputLines = [];
    private readonly System.Text.StringBuilder _output = new();
    private readonly System.Text.StringBuilder _error = new();

    private CliProcess(Process process) => _process = process;

    public static CliProcess Start(params string[] args)
    {
        var executable = Path.Combine(CliDirectory, OperatingSystem.IsWindows() ? "resnext.exe" : "resnext");
        Assert.True(File.Exists(executable), $"'{executable}' is missing: build src/Cli in the tests' configuration.");
        // A process started in the background of a non-interactive shell (nohup ... &, as CI runners may) has SIGINT
        // ignored, which its children inherit and .NET honours: Ctrl-C could not reach the executable at all. env
        // restores the default disposition, as a terminal's foreground job has it.
        var start = new ProcessStartInfo(OperatingSystem.IsLinux() ? "env" : executable,
            OperatingSystem.IsLinux() ? ["--default-signal=INT", executable, .. args] : args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = start };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (cli._error) cli._error.AppendLine(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    public int Id => _process.Id;

    /// <summary>Completes when the process has ended.</summary>
    public Task Exited => _process.WaitForExitAsync(TestContext.Current.CancellationToken);

    private static string CliDirectory =>
        typeof(CliProcess).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "CliDirectory").Value!;

    /// <summary>Waits for a stdout line that contains <paramref name="text"/>; false when the process ended first or time ran out.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            foreach (var line in _outputLines.GetConsumingEnumerable(timer.Token))
            {
                if (line.Contains(text, StringComparison.Ordinal)) return true;
            }
        }
        catch (OperationCanceledException)
        {
        }
        return false;
    }

    /// <summary>Sends <paramref name="signal"/> (INT, TERM) as <c>kill</c> does, as a terminal's Ctrl-C or a supervisor would.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the exit and returns what the process wrote; kills it when it outlives <paramref name="timeout"/>.</summary>
    public async Task<CliRun> WaitForExitAsync(TimeSpan timeout)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"resnext did not exit within {timeout}.");
        }
        // The parameterless wait returns only once the redirected streams are read to their end.
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        lock (_output) lock (_error) return new CliRun(_process.ExitCode, _output.ToString(), _error.ToString());
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            _outputLines.CompleteAdding();
            return;
        }
        lock (_output) _output.AppendLine(line);
        _outputLines.Add(line);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
        _outputLines.Dispose();
    }
}
