using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ResNeXt.Api.Extensions;
using ResNeXt.Api.Options;
using ResNeXt.Api.Problems;

namespace ResNeXt.Api.Security;

internal sealed class AdminApiKeyFilter(IOptions<SecurityOptions> options, ILogger<AdminApiKeyFilter> logger) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    // Hashing both sides first gives FixedTimeEquals equal-length inputs, so neither the content nor the length of the
    // configured key leaks through response timing.
    private readonly byte[]? expectedHash = options.Value.AdminApiKey is { Length: > 0 } key ? Hash(key) : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (expectedHash is null) return await next(context);

        var presented = context.HttpContext.Request.Headers[HeaderName].ToString();
        if (CryptographicOperations.FixedTimeEquals(Hash(presented), expectedHash)) return await next(context);

        Log.AdminKeyRejected(logger, context.HttpContext.Request.Path.ToString());
        // RFC 9110 section 11.6.1: a 401 carries a challenge naming how to authenticate.
        context.HttpContext.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
        return ProblemCatalog.Get(ProblemCatalog.Unauthorized).ToResult(
            $"Loading and unloading models needs the admin key (Security:AdminApiKey) in the {HeaderName} header.");
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
