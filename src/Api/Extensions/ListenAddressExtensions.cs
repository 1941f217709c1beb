namespace ResNeXt.Api.Extensions;

public static class ListenAddressExtensions
{
    /// <summary>Where the service listens when nothing else says so (appsettings.json: loopback only, port 8080).</summary>
    public const string DefaultUrlsKey = "Server:DefaultUrls";

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

    internal static void ApplyDefaultListenAddress(IConfiguration configuration)
    {
        var chosen = new[] { UrlsKey, HttpPortsKey, HttpsPortsKey }.Any(key => !string.IsNullOrEmpty(configuration[key]));
        if (!chosen && configuration[DefaultUrlsKey] is { Length: > 0 } defaultUrls)
        {
            configuration[UrlsKey] = defaultUrls;
        }
    }
}
