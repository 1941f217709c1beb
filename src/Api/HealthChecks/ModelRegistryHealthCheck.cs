using Microsoft.Extensions.Diagnostics.HealthChecks;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.HealthChecks;

/// <summary>Readiness: the default and preloaded models are loaded and the service is not draining.</summary>
internal sealed class ModelRegistryHealthCheck(IModelRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(registry.IsReady
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Models are loading or the service is draining."));
}
