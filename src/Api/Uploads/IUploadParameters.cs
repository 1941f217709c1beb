namespace ResNeXt.Api.Uploads;

/// <summary>Query and header values that travel with an upload and are checked by the same filter.</summary>
public interface IUploadParameters
{
    /// <summary>Null when every value is acceptable, otherwise a sentence naming the parameter and what it accepts.</summary>
    string? Validate(TimeSpan maxRequestTimeout);
}
