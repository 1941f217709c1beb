using System.Net.Http.Headers;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using ResNeXt.Api.Options;
using ResNeXt.Api.Problems;

namespace ResNeXt.Api.Uploads;

/// <summary>
/// Upload policy in one place, applied before any byte of the body is read: media type, declared length, then the
/// query and header parameters; only then the body, counted and checked part by part. Every refusal is a 4xx problem,
/// so malformed input can never surface as a 500.
/// </summary>
internal sealed class ImageUploadFilter(IOptions<LimitsOptions> limitsOptions, TimeProvider time) : IEndpointFilter
{
    private readonly LimitsOptions limits = limitsOptions.Value;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (CheckMediaType(request) is { } wrongType) return wrongType;
        if (request.ContentLength > limits.MaxRequestBytes) return TooLarge();
        if (RepeatedQueryParameter(request.Query) is { } repeated)
        {
            return ProblemCatalog.Get(ProblemCatalog.InvalidParameter).ToResult(repeated);
        }

        foreach (var parameters in context.Arguments.OfType<IUploadParameters>())
        {
            if (parameters.Validate(limits.MaxRequestTimeout) is { } detail)
            {
                return ProblemCatalog.Get(ProblemCatalog.InvalidParameter).ToResult(detail);
            }
        }

        UploadRead read;
        using (var upload = UploadDeadline.Start(limits.MaxRequestTimeout, time, context.HttpContext.RequestAborted))
        {
            try
            {
                read = request.HasFormContentType
                    ? await ReadMultipartAsync(request, upload.Token)
                    : await ReadRawBodyAsync(request, upload.Token);
            }
            catch (OperationCanceledException) when (upload.Expired)
            {
                read = UploadRead.Refused(ProblemCatalog.BodyTimeout, upload.Describe());
            }
        }
        if (read.Problem is { } problem) return problem;

        context.Arguments.OfType<ImageUpload>().Single().Accept(read.Images);
        return await next(context);
    }

    private static ProblemHttpResult? CheckMediaType(HttpRequest request)
    {
        if (UploadEncoding.Refusal(request) is { } encoded)
            return ProblemCatalog.Get(ProblemCatalog.UnsupportedMediaType).ToResult(encoded);
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) && contentType.MediaType is { } mediaType &&
            (string.Equals(mediaType, ImageMediaTypes.Multipart, StringComparison.OrdinalIgnoreCase) || ImageMediaTypes.IsRawImage(mediaType)))
        {
            return null;
        }
        return ProblemCatalog.Get(ProblemCatalog.UnsupportedMediaType).ToResult(
            $"Content-Type '{request.ContentType}' is not accepted. Send {ImageMediaTypes.Multipart} with file parts named " +
            $"{string.Join(" or ", ImageMediaTypes.FieldNames.Select(f => $"'{f}'"))}, or a single image body as one of " +
            $"{string.Join(", ", ImageMediaTypes.RawBody)}.");
    }

    /// <summary>
    /// Every query parameter of these endpoints takes one value, and the binder joins repeats with commas
    /// (<c>?model=a&amp;model=b</c> asked for a model named "a,b"), so a repeat is refused rather than guessed at.
    /// </summary>
    private static string? RepeatedQueryParameter(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            if (values.Count > 1) return $"Query parameter '{name}' is given {values.Count} times; give it once.";
        }
        return null;
    }

    private async Task<UploadRead> ReadMultipartAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException malformed)
        {
            return UploadRead.Refused(ProblemCatalog.MalformedBody, $"The multipart body could not be parsed: {malformed.Message}");
        }
        // The multipart reader reports a body that ends before its closing boundary as an IOException; when the client
        // is still connected that is malformed input, not a transport failure.
        catch (IOException truncated) when (!cancellationToken.IsCancellationRequested && truncated is not ConnectionResetException)
        {
            return UploadRead.Refused(ProblemCatalog.MalformedBody, $"The multipart body ends early: {truncated.Message}");
        }
        catch (BadHttpRequestException badBody)
        {
            return RefusedBody(badBody);
        }

        var files = form.Files.Where(file => ImageMediaTypes.IsImageField(file.Name)).ToList();
        if (files.Count == 0 && form.Keys.FirstOrDefault(ImageMediaTypes.IsImageField) is { } textField)
        {
            // Without a filename, ASP.NET Core (as RFC 7578 allows) reads a part as a text field, not a file.
            return UploadRead.Refused(ProblemCatalog.EmptyBody,
                $"The part named '{textField}' has no filename, so it is a text field, not a file; send it with " +
                $"Content-Disposition: form-data; name=\"{textField}\"; filename=\"<any name>\".");
        }
        if (files.Count == 0)
        {
            return UploadRead.Refused(ProblemCatalog.EmptyBody,
                $"The multipart body has no file part named {string.Join(" or ", ImageMediaTypes.FieldNames.Select(f => $"'{f}'"))}.");
        }
        if (files.Count > limits.MaxImagesPerRequest) return TooMany(files.Count);

        var images = new ReadOnlyMemory<byte>[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            if (files[i].Length == 0)
            {
                return UploadRead.Refused(ProblemCatalog.EmptyBody, $"File part {i + 1} ('{files[i].FileName}') is empty.");
            }
            images[i] = await ReadFileAsync(request.HttpContext.Response, files[i], cancellationToken);
        }
        return UploadRead.Accepted(images);
    }

    private async Task<UploadRead> ReadRawBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> body;
        try
        {
            body = request.ContentLength is { } declared
                ? await ReadDeclaredAsync(request, checked((int)declared), cancellationToken)
                : await ReadChunkedAsync(request.Body, cancellationToken);
        }
        catch (BadHttpRequestException badBody)
        {
            return RefusedBody(badBody);
        }
        // Kestrel enforces MaxRequestBodySize while streaming; this also covers hosts without that limit (the test server).
        if (body.Length > limits.MaxRequestBytes) return UploadRead.From(TooLarge());
        if (body.Length == 0) return UploadRead.Refused(ProblemCatalog.EmptyBody, "The request body is empty; send the image bytes as the body.");
        return UploadRead.Accepted([body]);
    }

    /// <summary>Reads a body of known length straight into one pooled array: no growing buffer, no copy out of it.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadDeclaredAsync(HttpRequest request, int length, CancellationToken cancellationToken)
    {
        var bytes = PooledUploadBuffer.Rent(request.HttpContext.Response, length);
        var read = await request.Body.ReadAtLeastAsync(bytes.AsMemory(0, length), length, throwOnEndOfStream: false, cancellationToken);
        return bytes.AsMemory(0, read);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadChunkedAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadFileAsync(HttpResponse response, IFormFile file, CancellationToken cancellationToken)
    {
        var length = checked((int)file.Length);
        var bytes = PooledUploadBuffer.Rent(response, length);
        await using var stream = file.OpenReadStream();
        await stream.ReadExactlyAsync(bytes.AsMemory(0, length), cancellationToken);
        return bytes.AsMemory(0, length);
    }

    private UploadRead RefusedBody(BadHttpRequestException badBody) => ProblemCatalog.CodeOf(badBody, otherwise: ProblemCatalog.MalformedBody) switch
    {
        ProblemCatalog.RequestTooLarge => UploadRead.From(TooLarge()),
        // Kestrel's minimum data rate (a body that trickles or stalls early): the same refusal as the upload deadline.
        ProblemCatalog.BodyTimeout => UploadRead.Refused(ProblemCatalog.BodyTimeout, $"The request body arrived too slowly: {badBody.Message}"),
        var code => UploadRead.Refused(code, $"The request body could not be read: {badBody.Message}"),
    };

    private ProblemHttpResult TooLarge() =>
        ProblemCatalog.Get(ProblemCatalog.RequestTooLarge).ToResult(
            $"The request body is larger than Limits:MaxRequestBytes ({limits.MaxRequestBytes} bytes).");

    private UploadRead TooMany(int count) =>
        UploadRead.Refused(ProblemCatalog.TooManyImages,
            $"The request carries {count} images; at most {limits.MaxImagesPerRequest} (Limits:MaxImagesPerRequest) are accepted at once.");

    /// <summary>Either the images, in upload order, or the problem that refuses them.</summary>
    private sealed record UploadRead(IReadOnlyList<ReadOnlyMemory<byte>> Images, ProblemHttpResult? Problem)
    {
        public static UploadRead Accepted(IReadOnlyList<ReadOnlyMemory<byte>> images) => new(images, null);

        public static UploadRead From(ProblemHttpResult problem) => new([], problem);

        public static UploadRead Refused(string code, string detail) => From(ProblemCatalog.Get(code).ToResult(detail));
    }
}
