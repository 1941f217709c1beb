namespace ResNeXt.Api.Contracts;

/// <summary>
/// The dynamic batcher's settings as configured (section <c>Batching</c>). Read straight from configuration so the
/// API does not depend on the engine's options type; a key left unset shows as null, meaning the engine default.
/// </summary>
public sealed record BatchingSettingsResponse(int? MaxBatchSize, double? MaxDelayMs, int? QueueCapacity, double? DefaultTimeoutMs)
{
    public const string SectionName = "Batching";

    public static BatchingSettingsResponse From(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        return new(
            section.GetValue<int?>("MaxBatchSize"),
            section.GetValue<TimeSpan?>("MaxDelay")?.TotalMilliseconds,
            section.GetValue<int?>("QueueCapacity"),
            section.GetValue<TimeSpan?>("DefaultTimeout")?.TotalMilliseconds);
    }
}
