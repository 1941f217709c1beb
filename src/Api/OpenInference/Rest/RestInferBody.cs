using ResNeXt.Api.Problems;

namespace ResNeXt.Api.OpenInference.Rest;

/// <summary>Reads an infer request's body whole (the JSON header says where binary tensors start), within Limits:MaxRequestBytes.</summary>
internal static class RestInferBody
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, long maxBytes, TimeSpan deadline, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (Uploads.UploadEncoding.Refusal(request) is { } encoded) throw new OpenInferenceException(ProblemCatalog.UnsupportedMediaType, encoded);
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);
        using var upload = Uploads.UploadDeadline.Start(deadline, time, cancellationToken);
        using var body = new MemoryStream(checked((int)(request.ContentLength ?? 0)));
        var buffer = new byte[81920];
        int read;
        try
        {
            // Kestrel enforces the limit while streaming; counting here also covers hosts without it (the test server).
            while ((read = await request.Body.ReadAsync(buffer, upload.Token)) > 0)
            {
                if (body.Length + read > maxBytes) throw TooLarge(maxBytes);
                body.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException) when (upload.Expired)
        {
            throw new OpenInferenceException(ProblemCatalog.BodyTimeout, upload.Describe());
        }
        if (body.Length == 0) throw new OpenInferenceException(ProblemCatalog.EmptyBody, "The request body is empty; send the inference request's JSON.");
        return body.GetBuffer().AsMemory(0, (int)body.Length);
    }

    private static OpenInferenceException TooLarge(long maxBytes) =>
        new(ProblemCatalog.RequestTooLarge, $"The request body is larger than Limits:MaxRequestBytes ({maxBytes} bytes).");
}
