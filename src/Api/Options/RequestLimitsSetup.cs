using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ResNeXt.Api.Options;

/// <summary>
/// Applies <see cref="LimitsOptions"/> to Kestrel and to the form reader, so an oversize body is refused while it
/// streams in rather than after it has been buffered. Request rate limiting is the load balancer's job.
/// </summary>
internal sealed class RequestLimitsSetup(IOptions<LimitsOptions> limits)
    : IConfigureOptions<KestrelServerOptions>, IConfigureOptions<FormOptions>
{
    // Browsers and curl may send a few text fields beside the files; the allowance keeps those legal while still
    // bounding how many parts the form reader accepts.
    private const int FormValuesPerImageAllowance = 4;

    public void Configure(KestrelServerOptions options)
    {
        options.AddServerHeader = false;
        options.Limits.MaxRequestBodySize = limits.Value.MaxRequestBytes;
        options.Limits.MaxRequestHeadersTotalSize = limits.Value.MaxRequestHeadersTotalSize;
        options.Limits.MaxRequestHeaderCount = limits.Value.MaxRequestHeaderCount;
    }

    public void Configure(FormOptions options)
    {
        options.MultipartBodyLengthLimit = limits.Value.MaxRequestBytes;
        options.ValueCountLimit = limits.Value.MaxImagesPerRequest * FormValuesPerImageAllowance;
    }
}
