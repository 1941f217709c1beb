using System.ComponentModel.DataAnnotations;

namespace ResNeXt.Api.Options;

public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    private const int MinimumKeyLength = 16;

    /// <summary>
    /// When set, loading and unloading models needs this value in the <c>X-Api-Key</c> header. Unset leaves the
    /// admin endpoints open, which is only sane on the loopback address the service listens on by default.
    /// </summary>
    /// <remarks>An empty value is refused, not read as unset: a secret that failed to arrive must not open the endpoints.</remarks>
    [MinLength(MinimumKeyLength)]
    // HTTP trims header values, so a key that starts or ends with whitespace could never be matched.
    [RegularExpression(@"^\S(.*\S)?$", ErrorMessage = "Security:AdminApiKey must not start or end with whitespace: a header value arrives trimmed, so such a key never matches.")]
    public string? AdminApiKey { get; set; }
}
