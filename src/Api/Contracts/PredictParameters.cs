using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using ResNeXt.Api.Uploads;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Api.Contracts;

public sealed record PredictParameters(
    [property: FromQuery(Name = "topk"), Range(PredictParameters.MinTopK, PredictParameters.MaxTopK), Description("How many classes to return per image, 1 to 1000.")]
    int TopK = ClassificationRequest.DefaultTopK,
    [property: FromQuery(Name = "scores"), Description("'all' adds the full softmax vector (pred_scores).")]
    string? Scores = null,
    [property: FromHeader(Name = RequestTimeoutHeader.Name), Description("Deadline for queueing plus inference: seconds (2.5) or hh:mm:ss.")]
    string? RequestTimeout = null) : IUploadParameters
{
    public const int MinTopK = 1;

    /// <summary>Every ImageNet-1k class.</summary>
    public const int MaxTopK = 1000;

    public const string AllScores = "all";

    public bool IncludeAllScores => Scores == AllScores;

    public string? Validate(TimeSpan maxRequestTimeout)
    {
        if (TopK is < MinTopK or > MaxTopK) return $"topk must be between {MinTopK} and {MaxTopK}; got {TopK}.";
        if (Scores is not null && Scores != AllScores) return $"scores accepts only '{AllScores}'; got '{Scores}'.";
        return RequestTimeoutHeader.Validate(RequestTimeout, maxRequestTimeout);
    }

    public ClassificationRequest ToRequest(string model, ImageUpload upload) =>
        new(model, upload.Images, TopK, IncludeAllScores, RequestTimeoutHeader.Parse(RequestTimeout));
}
