using System.Net.Sockets;
using Microsoft.Extensions.Options;
using ResNeXt.Inference;

namespace ResNeXt.Api.Lifecycle;

/// <summary>
/// The start-up failures that are a setting to fix rather than a fault: a value that fails validation, a value the
/// configuration binder cannot convert (<c>Batching__MaxBatchSize=abc</c>), an address Kestrel cannot parse or bind.
/// Each used to end the process with an unhandled exception, two stack traces and exit code 134.
/// </summary>
public static class StartupErrors
{
    /// <summary>Exit code of a start that a setting stopped (README: configuration).</summary>
    public const int InvalidConfiguration = 2;

    // The framework's own wording; nothing more specific is thrown for these (ConfigurationBinder, Kestrel's AddressBinder).
    private const string ConversionFailure = "Failed to convert configuration value";
    private const string BindFailure = "Failed to bind to address";
    private const string InvalidUrl = "Invalid url";
    private const string PathBase = "A path base can only be configured";
    private const string HttpsFailure = "Unable to configure HTTPS endpoint";

    /// <summary>One line naming the setting and what is wrong with it; null when <paramref name="error"/> is not a setting's fault.</summary>
    public static string? Describe(Exception error) => error switch
    {
        // Start-up validation reports several sections' failures together.
        AggregateException several when several.InnerExceptions.Select(Describe).ToList() is var lines && lines.All(line => line is not null) =>
            string.Join(Environment.NewLine + "error: ", lines),
        InvalidListenAddressException address => $"invalid listen address: {address.Message}",
        OptionsValidationException validation => $"invalid configuration: {SettingsFailures.Describe(validation)}",
        InvalidOperationException conversion when conversion.Message.StartsWith(ConversionFailure, StringComparison.Ordinal) =>
            $"invalid configuration: {conversion.Message}{Cause(conversion)}",
        InvalidOperationException https when https.Message.StartsWith(HttpsFailure, StringComparison.Ordinal) =>
            $"cannot listen: {https.Message} (an https:// address needs a certificate: Kestrel's certificate settings, or a TLS-terminating proxy in front)",
        InvalidOperationException pathBase when pathBase.Message.StartsWith(PathBase, StringComparison.Ordinal) =>
            $"invalid listen address (ASPNETCORE_URLS, OpenInference:GrpcUrl): it cannot have a path. {pathBase.Message}",
        FormatException url when url.Message.StartsWith(InvalidUrl, StringComparison.Ordinal) =>
            $"invalid listen address (ASPNETCORE_URLS, OpenInference:GrpcUrl): {url.Message}",
        IOException bind when bind.Message.StartsWith(BindFailure, StringComparison.Ordinal) =>
            $"cannot listen: {bind.Message} (the service's URLs and OpenInference:GrpcUrl must be free and differ from each other)",
        // An address of another machine (ASPNETCORE_URLS=http://192.0.2.1:8080) reaches us as the socket's own error.
        SocketException { SocketErrorCode: SocketError.AddressNotAvailable } socket =>
            $"cannot listen: {socket.Message} (a listen address must be one of this machine's, or * for all of them)",
        _ => null,
    };

    private static string Cause(Exception error) => error.InnerException is { } inner ? $" ({inner.Message})" : "";
}
