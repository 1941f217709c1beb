using System.Text.RegularExpressions;

namespace ResNeXt.Deploy.Tests.Configuration;

/// <summary>
/// Every setting the deployment files set, in one list, so it can be checked against the service's options classes.
/// Deployment files write them as environment variables: <c>Models__Preload__0</c> is <c>Models:Preload</c>, item 0.
/// </summary>
public static partial class ConfigurationKeys
{
    /// <summary>Keys bound by the service's own options classes (ASP.NET Core configuration, <c>:</c>-separated).</summary>
    public static readonly IReadOnlyList<string> Service =
    [
        "Models:Directory",
        "Models:Preload",
        "Models:DefaultModel",
        "Models:MaxLoaded",
        "Models:AutoDownload",
        "Models:DownloadBaseUrl",
        "Models:AllowRandomWeights",
        "Models:WatchForChanges",
        "Models:Device",
        "Batching:MaxBatchSize",
        "Batching:MaxDelay",
        "Batching:QueueCapacity",
        "Batching:DefaultTimeout",
        "Batching:IntraOpThreads",
        "Limits:MaxRequestBytes",
        "Limits:MaxImagePixels",
        "Limits:MaxImagesPerRequest",
        "Security:AdminApiKey",
        "Shutdown:GracePeriod",
        "Shutdown:Timeout",
    ];

    /// <summary>
    /// Variables read by the platform rather than by an options class: ASP.NET Core's host, the OpenTelemetry SDK, the
    /// NVIDIA Container Toolkit and KServe's storage initializer.
    /// </summary>
    public static readonly IReadOnlyList<string> Platform =
    [
        "ASPNETCORE_URLS",
        "ASPNETCORE_HTTP_PORTS",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_SERVICE_NAME",
        "NVIDIA_VISIBLE_DEVICES",
        "NVIDIA_DRIVER_CAPABILITIES",
        "STORAGE_URI",
    ];

    public const string ModelsDirectory = "Models__Directory";
    public const string DefaultModel = "Models__DefaultModel";
    public const string IntraOpThreads = "Batching__IntraOpThreads";
    public const string MaxRequestBytes = "Limits__MaxRequestBytes";
    public const string ShutdownGracePeriod = "Shutdown__GracePeriod";
    public const string ShutdownTimeout = "Shutdown__Timeout";
    public const string Urls = "ASPNETCORE_URLS";

    /// <summary>The service key an environment variable sets, or the variable itself for platform variables.</summary>
    public static string FromEnvironmentVariable(string variable) =>
        ArrayIndexSuffix().Replace(variable, string.Empty).Replace("__", ":", StringComparison.Ordinal);

    public static bool IsKnown(string variable) =>
        Platform.Contains(variable, StringComparer.Ordinal)
        || Service.Contains(FromEnvironmentVariable(variable), StringComparer.OrdinalIgnoreCase);

    // Arrays bind from numbered children (Preload__0, Preload__1); the index is not part of the key.
    [GeneratedRegex("__[0-9]+$")]
    private static partial Regex ArrayIndexSuffix();
}
