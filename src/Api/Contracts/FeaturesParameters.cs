using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using ResNeXt.Api.Uploads;
using ResNeXt.Inference.Contracts;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Api.Contracts;

public sealed record FeaturesParameters(
    [property: FromQuery(Name = "stage"), Description("neck (default, 2048), pre_logits (2048) or backbone (2048x7x7).")]
    string Stage = FeaturesParameters.DefaultStage,
    [property: FromQuery(Name = "normalize"), Description("L2-normalise each vector, as for cosine-similarity search.")]
    bool Normalize = false,
    [property: FromHeader(Name = RequestTimeoutHeader.Name), Description("Deadline for queueing plus inference: seconds (2.5) or hh:mm:ss.")]
    string? RequestTimeout = null) : IUploadParameters
{
    public const string DefaultStage = "neck";

    public string? Validate(TimeSpan maxRequestTimeout)
    {
        if (!FeatureStageNames.TryParse(Stage, out _))
        {
            return $"stage must be one of {string.Join(", ", FeatureStageNames.All)}; got '{Stage}'.";
        }
        return RequestTimeoutHeader.Validate(RequestTimeout, maxRequestTimeout);
    }

    public FeatureRequest ToRequest(string model, ImageUpload upload)
    {
        if (!FeatureStageNames.TryParse(Stage, out var stage)) throw new FormatException($"Unvalidated stage '{Stage}'.");
        return new(model, upload.Images, stage, Normalize, RequestTimeoutHeader.Parse(RequestTimeout));
    }
}
