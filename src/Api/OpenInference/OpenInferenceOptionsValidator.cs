using Microsoft.Extensions.Options;

namespace ResNeXt.Api.OpenInference;

internal sealed class OpenInferenceOptionsValidator : IValidateOptions<OpenInferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, OpenInferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.GrpcUrl)) return ValidateOptionsResult.Success;
        // Kestrel's own wildcard hosts (+, *) are not valid URI hosts; they are checked with a stand-in.
        var probe = options.GrpcUrl.Replace("://+", "://wildcard", StringComparison.Ordinal).Replace("://*", "://wildcard", StringComparison.Ordinal);
        return Uri.TryCreate(probe, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.AbsolutePath == "/" && !uri.IsDefaultPort
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{OpenInferenceOptions.SectionName}:GrpcUrl must be empty (gRPC off) or http://host:port with an explicit port and no path; got '{options.GrpcUrl}'.");
    }
}
