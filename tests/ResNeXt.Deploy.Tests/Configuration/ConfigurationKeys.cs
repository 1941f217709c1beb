using System.Reflection;
using System.Text.RegularExpressions;
using ResNeXt.Api.OpenInference;
using ResNeXt.Api.Options;
using ResNeXt.Inference.Batching;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Deploy.Tests.Configuration;

/// <summary>
/// The settings the service and its platform read, so the deployment files can be checked against them.
/// Deployment files write them as environment variables: <c>Models__Preload__0</c> is <c>Models:Preload</c>, item 0.
/// </summary>
public static partial class ConfigurationKeys
{
    /// <summary>
    /// Every key the service's options classes bind (<c>Section:Property</c>), read by reflection from the classes
    /// themselves, so a renamed or removed setting breaks the deployment files' tests instead of being ignored silently.
    /// </summary>
    public static readonly IReadOnlyList<string> Service =
    [
        .. KeysOf<RegistryOptions>(RegistryOptions.SectionName),
        .. KeysOf<BatchingOptions>(BatchingOptions.SectionName),
        .. KeysOf<PreprocessingOptions>(PreprocessingOptions.SectionName),
        .. KeysOf<CheckpointDownloadOptions>(CheckpointDownloadOptions.SectionName),
        .. KeysOf<LimitsOptions>(LimitsOptions.SectionName),
        .. KeysOf<SecurityOptions>(SecurityOptions.SectionName),
        .. KeysOf<ShutdownOptions>(ShutdownOptions.SectionName),
        .. KeysOf<OpenInferenceOptions>(OpenInferenceOptions.SectionName),
    ];

    /// <summary>
    /// Variables read by the platform rather than by an options class: ASP.NET Core's host, the OpenTelemetry SDK, the
    /// NVIDIA Container Toolkit and KServe.
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
        // KServe's marker of the inference protocol a custom predictor speaks.
        "PROTOCOL",
    ];

    public const string ModelsDirectory = "Models__Directory";
    public const string DefaultModel = "Models__DefaultModel";
    public const string IntraOpThreads = "Batching__IntraOpThreads";
    public const string MaxRequestBytes = "Limits__MaxRequestBytes";
    public const string ShutdownGracePeriod = "Shutdown__GracePeriod";
    public const string ShutdownTimeout = "Shutdown__Timeout";
    public const string Urls = "ASPNETCORE_URLS";
    public const string GrpcUrl = "OpenInference__GrpcUrl";

    /// <summary>The service key an environment variable sets, or the variable itself for platform variables.</summary>
    public static string FromEnvironmentVariable(string variable) =>
        ArrayIndexSuffix().Replace(variable, string.Empty).Replace("__", ":", StringComparison.Ordinal);

    /// <summary>
    /// A platform variable, a bound key, or an entry below a bound dictionary such as <c>Models:Checkpoints:tiny</c>
    /// (the configuration binder matches keys case-insensitively).
    /// </summary>
    public static bool IsKnown(string variable)
    {
        if (Platform.Contains(variable, StringComparer.Ordinal)) return true;
        var key = FromEnvironmentVariable(variable);
        return Service.Any(known => string.Equals(key, known, StringComparison.OrdinalIgnoreCase)
            || key.StartsWith(known + ":", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The keys the configuration binder fills on <typeparamref name="TOptions"/>: its public settable properties.</summary>
    private static IEnumerable<string> KeysOf<TOptions>(string section) =>
        typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.SetMethod is { IsPublic: true } || IsBindableCollection(property.PropertyType))
            .Select(property => $"{section}:{property.Name}");

    // The binder also fills get-only collections and dictionaries in place (e.g. Models:Preload, Models:Checkpoints).
    private static bool IsBindableCollection(Type type) =>
        type != typeof(string) && type.IsAssignableTo(typeof(System.Collections.IEnumerable));

    // Arrays bind from numbered children (Preload__0, Preload__1); the index is not part of the key.
    [GeneratedRegex("__[0-9]+$")]
    private static partial Regex ArrayIndexSuffix();
}
