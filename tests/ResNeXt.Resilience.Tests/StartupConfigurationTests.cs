using System.Diagnostics;
using ResNeXt.Resilience.Tests.Infrastructure;

namespace ResNeXt.Resilience.Tests;

/// <summary>The real service process given a setting it cannot honour: it stops at once, says why, and exits with a code
/// a supervisor can tell from a crash.</summary>
public sealed class StartupConfigurationTests
{
    private const int InvalidConfigurationExitCode = 2;
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData("Limits__MaxImagesPerRequest", "0", "MaxImagesPerRequest")]
    // These tests build the CPU flavour (no -p:TorchBackend=cuda), whose ONNX Runtime has no CUDA execution provider.
    [InlineData("Models__Device", "cuda", "Models:Device is 'cuda' but the onnxruntime backend cannot use it: this build's ONNX Runtime has no CUDA execution provider")]
    // Each of these ended as an unhandled exception with two stack traces and exit code 134.
    [InlineData("Batching__MaxBatchSize", "abc", "invalid configuration: Failed to convert configuration value 'abc' at 'Batching:MaxBatchSize'")]
    [InlineData("Batching__AllowSpinning", "yes", "invalid configuration: Failed to convert configuration value 'yes' at 'Batching:AllowSpinning'")]
    [InlineData("Limits__MaxRequestBytes", "2147483648", "invalid configuration: Limits:MaxRequestBytes must be between 1 and 2147483647.")]
    [InlineData("Models__Device", "", "invalid configuration: Models:Device must be 'cpu', 'cuda' or 'cuda:N'.")]
    [InlineData("ASPNETCORE_URLS", "abc", "invalid listen address: ASPNETCORE_URLS entry 'abc': it has no scheme")]
    // Listened on every interface, port 80.
    [InlineData("ASPNETCORE_URLS", "http://127.0.0.1:abc", "invalid listen address: ASPNETCORE_URLS entry 'http://127.0.0.1:abc': 'abc' is not a port number")]
    // An address of another machine (TEST-NET-1): an unhandled SocketException, exit 134.
    [InlineData("ASPNETCORE_URLS", "http://192.0.2.1:18580", "cannot listen: Cannot assign requested address")]
    [InlineData("ASPNETCORE_HTTP_PORTS", "abc", "invalid listen address: ASPNETCORE_HTTP_PORTS entry 'abc' is not a port number")]
    public async Task SettingTheServiceCannotHonourExitsWithTheReason(string key, string value, string reason)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ResilienceFiles.ApiAssembly);
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(ExitTimeout);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(InvalidConfigurationExitCode, process.ExitCode);
        var error = await stderr;
        Assert.StartsWith("error: ", error.TrimStart());
        Assert.Contains(reason, error);
        Assert.DoesNotContain("Unhandled exception", error + await stdout);
    }
}
