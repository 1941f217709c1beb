using System.ComponentModel.DataAnnotations;

namespace ResNeXt.Api.Options;

/// <summary>How the service leaves a load balancer's rotation on SIGTERM without dropping an accepted request.</summary>
public sealed class ShutdownOptions : IValidatableObject
{
    public const string SectionName = "Shutdown";

    /// <summary>
    /// How long the service keeps accepting requests after readiness turned false. Load balancers only notice a
    /// failed readiness probe after their probe interval, and nginx keeps sending until a connection is refused, so
    /// requests must keep being served meanwhile. Zero stops accepting at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// From SIGTERM to exit, grace period included: the host's shutdown timeout. Requests still running when it
    /// elapses are aborted, so it must cover the grace period plus the time to compute what can be queued: at most
    /// Batching:QueueCapacity images per loaded model, whatever their deadlines (Batching:DefaultTimeout) would allow.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (GracePeriod >= Timeout)
        {
            yield return new ValidationResult(
                $"Shutdown:GracePeriod ({GracePeriod}) must be shorter than Shutdown:Timeout ({Timeout}), which includes it.",
                [nameof(GracePeriod), nameof(Timeout)]);
        }
    }
}
