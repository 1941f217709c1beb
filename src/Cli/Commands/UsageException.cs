namespace ResNeXt.Cli.Commands;

/// <summary>A setting the command cannot honour on this machine, found before any work: exit code 2, like a bad option.</summary>
internal sealed class UsageException(string message) : Exception(message);
