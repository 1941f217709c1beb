namespace ResNeXt.Cli.LoadTesting;

/// <summary>The load test cannot start or go on (service unreachable, model unknown, nothing answered); the message says which.</summary>
internal sealed class LoadTestException(string message) : Exception(message);
