using Microsoft.Extensions.Options;
using ResNeXt.Inference.Batching;

namespace ResNeXt.Api.Options;

/// <summary>The request limits against the queues that serve the requests: both sections are read by every protocol.</summary>
internal sealed class LimitsWithinBatchingValidator(IOptions<BatchingOptions> batchingOptions) : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var batching = batchingOptions.Value;
        var failures = new List<string>();
        // A request that names no deadline gets the default one: it must not buy a longer wait than any client may ask
        // for, nor outlast the upload deadline, which is Limits:MaxRequestTimeout too.
        if (batching.DefaultTimeout > options.MaxRequestTimeout)
        {
            failures.Add($"{BatchingOptions.SectionName}:{nameof(BatchingOptions.DefaultTimeout)} ({batching.DefaultTimeout}) must not " +
                $"exceed {LimitsOptions.SectionName}:{nameof(LimitsOptions.MaxRequestTimeout)} ({options.MaxRequestTimeout}), the " +
                "longest deadline a client may ask for.");
        }
        // A request with more images than a model's whole queue holds could never be admitted (it was a 500).
        if (options.MaxImagesPerRequest > batching.QueueCapacity)
        {
            failures.Add($"{LimitsOptions.SectionName}:{nameof(LimitsOptions.MaxImagesPerRequest)} ({options.MaxImagesPerRequest}) must " +
                $"not exceed {BatchingOptions.SectionName}:{nameof(BatchingOptions.QueueCapacity)} ({batching.QueueCapacity}), or a " +
                "request that large could never be queued.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
