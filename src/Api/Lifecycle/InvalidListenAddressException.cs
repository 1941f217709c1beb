namespace ResNeXt.Api.Lifecycle;

/// <summary>A listen address the service refuses before Kestrel could read it as something else (<see cref="StartupErrors"/>).</summary>
public sealed class InvalidListenAddressException(string message) : Exception(message);
