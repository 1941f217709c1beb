using System.Diagnostics;

namespace ResNeXt.Deploy.Tests.Nginx;

/// <summary>Debian's nginx (the nginx-light package that scripts/install-prerequisites.sh installs).</summary>
public static class NginxBinary
{
    public const string Path = "/usr/sbin/nginx";

    public static bool IsInstalled => File.Exists(Path);

    /// <summary>
    /// Skips the calling test where nginx is missing on a developer machine; fails in CI, where the prerequisites
    /// script must have installed it.
    /// </summary>
    public static void Require()
    {
        if (IsInstalled)
            return;
        if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
            Assert.Fail($"{Path} is missing: scripts/install-prerequisites.sh installs nginx-light.");
        Assert.Skip($"{Path} is not installed (apt-get install nginx-light).");
    }

    /// <summary>Runs nginx to completion and returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Path} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
