namespace ResNeXt.Cli.LoadTesting;

/// <summary>The load test cannot start or go on (service unreachable, model unknown, nothing answered); the message says which.</summary>
/// <param name="exitCode">What <c>resnext loadtest</c> exits with: <see cref="ExitCodes.NetworkFailed"/> when the service
/// cannot be reached, so a script can tell "not running" from a bad answer.</param>
internal sealed class LoadTestException(string message, int exitCode = ExitCodes.Unexpected) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
