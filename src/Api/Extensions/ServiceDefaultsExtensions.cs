using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ResNeXt.Api.HealthChecks;

namespace ResNeXt.Api.Extensions;

/// <summary>Host plumbing every service needs: telemetry and health endpoints (eShop's ServiceDefaults, kept in-project).</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The ActivitySource and Meter name the engine publishes under, defined once in the engine.</summary>
    public const string InferenceTelemetryName = ResNeXt.Inference.Telemetry.InferenceTelemetry.Name;

    public const string LivePath = "/healthz/live";
    public const string ReadyPath = "/healthz/ready";
    public const string MetricsPath = "/metrics";

    private const string LiveTag = "live";
    private const string ReadyTag = "ready";
    private const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        return builder;
    }

    public static IHostApplicationBuilder ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(InferenceTelemetryName)
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = IsNotProbe)
                .AddSource(InferenceTelemetryName));

        // Only export over OTLP when a collector is configured; otherwise the exporter would retry against localhost forever.
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            telemetry.UseOtlpExporter();
        }
        return builder;
    }

    public static IHostApplicationBuilder AddDefaultHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag])
            .AddCheck<ModelRegistryHealthCheck>("models", tags: [ReadyTag]);
        // The library logs every unhealthy probe as an error, yet an unready instance is the expected state while models
        // load and while draining, probed every few seconds: pages of "fail:" for no fault. Loads, failed loads and
        // draining are logged by the registry and the shutdown sequence themselves.
        builder.Logging.AddFilter(typeof(HealthCheckService).Namespace + ".DefaultHealthCheckService", LogLevel.Critical);
        return builder;
    }

    /// <summary>
    /// Health and metrics in every environment: the service runs behind a load balancer that probes them, and the
    /// bodies are terse (Healthy/Unhealthy), so they reveal nothing an attacker could use.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Liveness never consults the models: a slow load must not get the process restarted.
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    private static bool IsNotProbe(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/healthz") && !context.Request.Path.StartsWithSegments(MetricsPath);
}
