using System.Globalization;
using System.Net;
using ResNeXt.Api.Lifecycle;

namespace ResNeXt.Api.Extensions;

public static class ListenAddressExtensions
{
    /// <summary>Where the service listens when nothing else says so (appsettings.json: loopback only, port 8080).</summary>
    public const string DefaultUrlsKey = "Server:DefaultUrls";

    private const string GrpcUrlKey = "OpenInference:GrpcUrl";
    private const string UrlsKey = "urls";
    private const string HttpPortsKey = "http_ports";
    private const string HttpsPortsKey = "https_ports";

    /// <summary>
    /// A "Urls" key in appsettings.json would beat ASPNETCORE_URLS, because ASP.NET Core reads prefixed environment
    /// variables before appsettings.json. So the default lives under its own key and is copied to "urls" only when
    /// neither ASPNETCORE_URLS, --urls nor the *_PORTS variables chose an address.
    /// </summary>
    public static IHostApplicationBuilder UseDefaultListenAddress(this IHostApplicationBuilder builder)
    {
        if (Refusal(builder.Configuration) is { } refusal) throw new InvalidListenAddressException(refusal);
        // Kestrel reads the lists as given: 'a; b' checked here as "b" was " b" there, an unrecognised scheme.
        foreach (var key in new[] { UrlsKey, HttpPortsKey, HttpsPortsKey })
        {
            if (builder.Configuration[key] is { Length: > 0 } list) builder.Configuration[key] = string.Join(';', Entries(list));
        }
        ApplyDefaultListenAddress(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// What Kestrel would read as something else than was meant: a port that is not a number made
    /// <c>http://127.0.0.1:abc</c> a host name on port 80, and for a host name that is neither an IP address nor
    /// localhost Kestrel listens on every interface. Either way an address meant for loopback could end up public.
    /// </summary>
    internal static string? Refusal(IConfiguration configuration)
    {
        foreach (var url in Entries(configuration[UrlsKey]))
        {
            if (UrlRefusal(url) is { } refusal) return $"ASPNETCORE_URLS entry '{url}': {refusal}";
        }
        if (configuration[GrpcUrlKey] is { Length: > 0 } grpcUrl && UrlRefusal(grpcUrl.Trim()) is { } grpcRefusal)
            return $"{GrpcUrlKey} '{grpcUrl}': {grpcRefusal}";
        foreach (var key in new[] { HttpPortsKey, HttpsPortsKey })
        {
            if (Entries(configuration[key]).FirstOrDefault(port => !IsPort(port)) is { } bad)
                return $"ASPNETCORE_{key.ToUpperInvariant()} entry '{bad}' is not a port number (0-65535).";
        }
        return null;
    }

    private static string? UrlRefusal(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) return "it has no scheme; write http://HOST:PORT.";
        var authority = url[(schemeEnd + 3)..].Split('/')[0];
        // Unix sockets and named pipes name no host or port.
        if (authority.StartsWith("unix:", StringComparison.OrdinalIgnoreCase) || authority.StartsWith("pipe:", StringComparison.OrdinalIgnoreCase))
            return null;

        if (authority.StartsWith('[') && !authority.Contains(']', StringComparison.Ordinal))
            return "its IPv6 address has no closing ']'."; // '[::1:8080' parsed as the address ::1:8080 on every interface
        var hostEnd = authority.StartsWith('[') ? authority.IndexOf(']', StringComparison.Ordinal) + 1 : authority.LastIndexOf(':');
        if (hostEnd <= 0) hostEnd = authority.Length;
        var host = authority[..hostEnd];
        var port = authority[hostEnd..];
        if (port.Length > 0 && (port[0] != ':' || !IsPort(port[1..])))
            return $"'{port.TrimStart(':')}' is not a port number (0-65535).";
        if (host is "*" or "+" || host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host.Trim('[', ']'), out _))
            return null;
        return $"'{host}' is not an IP address, localhost, * or +, and for any other host Kestrel listens on every " +
            "interface; write * (or 0.0.0.0) for every interface, or the IP address of the one meant.";
    }

    private static bool IsPort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= IPEndPoint.MaxPort;

    private static string[] Entries(string? list) => (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// gRPC needs HTTP/2 without TLS, which a cleartext port can only speak alone, so it gets an address of its own
    /// (<c>OpenInference:GrpcUrl</c>): added to the addresses the service listens on, which
    /// <see cref="OpenInferenceServiceExtensions"/> then switches to HTTP/2 only. Without a gRPC URL nothing changes.
    /// </summary>
    public static IHostApplicationBuilder UseGrpcListenAddress(this IHostApplicationBuilder builder)
    {
        ApplyGrpcListenAddress(builder.Configuration);
        return builder;
    }

    internal static void ApplyGrpcListenAddress(IConfiguration configuration)
    {
        if (configuration[GrpcUrlKey] is not { Length: > 0 } grpcUrl) return;
        // The ports form of the main addresses becomes URLs too: ASP.NET Core ignores *_PORTS once "urls" is set.
        var main = configuration[UrlsKey] is { Length: > 0 } urls
            ? urls
            : string.Join(';', Entries(configuration[HttpPortsKey]).Select(port => $"http://*:{port}"));
        configuration[UrlsKey] = main.Length == 0 ? grpcUrl : $"{main};{grpcUrl}";
        configuration[HttpPortsKey] = "";
    }

    internal static void ApplyDefaultListenAddress(IConfiguration configuration)
    {
        var chosen = new[] { UrlsKey, HttpPortsKey, HttpsPortsKey }.Any(key => !string.IsNullOrEmpty(configuration[key]));
        if (!chosen && configuration[DefaultUrlsKey] is { Length: > 0 } defaultUrls)
        {
            configuration[UrlsKey] = defaultUrls;
        }
    }
}
