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
    [MinLength(MinimumKeyLength)]
    public string? AdminApiKey { get; set; }
}
