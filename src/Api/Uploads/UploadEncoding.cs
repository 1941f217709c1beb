using Microsoft.Net.Http.Headers;

namespace ResNeXt.Api.Uploads;

/// <summary>
/// Request bodies are read as sent: a compressed body (<c>Content-Encoding: gzip</c>) was decoded as if it were the
/// image and refused as "not an image", and one labelled <c>br</c> but sent plain was accepted. Encoded images gain
/// nothing from a second compression, so any coding but identity is refused by name.
/// </summary>
internal static class UploadEncoding
{
    private const string Identity = "identity";

    public static string? Refusal(HttpRequest request)
    {
        var codings = request.Headers.ContentEncoding.ToString();
        return string.IsNullOrWhiteSpace(codings) || string.Equals(codings.Trim(), Identity, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"Content-Encoding '{codings}' is not accepted; send the body as it is ({HeaderNames.ContentEncoding}: {Identity} or none).";
    }
}
