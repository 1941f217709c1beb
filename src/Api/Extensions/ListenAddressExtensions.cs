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
        ApplyDefaultListenAddress(builder.Configuration);
        return builder;
    }

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
            : string.Join(';', (configuration[HttpPortsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(port => $"http://*:{port}"));
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
