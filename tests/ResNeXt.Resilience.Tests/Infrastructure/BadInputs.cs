using System.Net.Http.Headers;
using System.Text;

namespace ResNeXt.Resilience.Tests.Infrastructure;

/// <summary>
/// Seeded, reproducible hostile requests: images with flipped, inserted or cut bytes, oversized bodies, and multipart
/// bodies with broken framing. Request <c>i</c> is always the same bytes for the same seed and seed images.
/// </summary>
public sealed class BadInputs(IReadOnlyList<byte[]> seeds, int seed)
{
    private const int MaxFlips = 64;
    private const int MaxInsertedBytes = 4096;

    /// <summary>One byte past the 20 MiB body limit that nginx and the service share (Limits:MaxRequestBytes).</summary>
    private const int OversizedBytes = (20 * 1024 * 1024) + 1;

    /// <summary>Oversized bodies are expensive to send; one in this many requests is one.</summary>
    private const int OversizedEvery = 250;

    private static readonly string[] MediaTypes = ["image/jpeg", "image/png", "application/octet-stream", "text/plain"];

    public HttpRequestMessage Create(int index)
    {
        // Not HashCode.Combine: it is salted per process, so the same seed gave another barrage on every run.
        var random = new Random(unchecked((seed * 397) ^ index));
        var image = seeds[random.Next(seeds.Count)];
        HttpContent content = index % OversizedEvery == 0
            ? Raw(new byte[OversizedBytes], "image/jpeg")
            : (random.Next(6)) switch
            {
                0 => Raw(Truncate(image, random), MediaTypes[random.Next(MediaTypes.Length)]),
                1 => Raw(Flip(image, random), "image/jpeg"),
                2 => Raw(Insert(image, random), "image/jpeg"),
                3 => Multipart(Flip(image, random), random),
                4 => BrokenMultipart(Truncate(image, random), random),
                _ => Raw(RandomBytes(random), MediaTypes[random.Next(MediaTypes.Length)]),
            };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/{ResilienceFiles.ModelName}/predict") { Content = content };
        // A well-behaved client uploading a large body asks first (RFC 9110 Expect: 100-continue): the service answers 413
        // from Content-Length without reading anything. Without it the server must close the connection mid-upload after its
        // 413, which the client sees as a reset (as with nginx or any server that refuses to swallow 20 MiB).
        request.Headers.ExpectContinue = index % OversizedEvery == 0;
        return request;
    }

    private static byte[] Truncate(byte[] image, Random random) => image[..random.Next(image.Length)];

    private static byte[] Flip(byte[] image, Random random)
    {
        var copy = (byte[])image.Clone();
        for (var i = random.Next(1, MaxFlips); i > 0; i--) copy[random.Next(copy.Length)] = (byte)random.Next(256);
        return copy;
    }

    private static byte[] Insert(byte[] image, Random random)
    {
        var at = random.Next(image.Length);
        return [.. image[..at], .. RandomBytes(random), .. image[at..]];
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(MaxInsertedBytes)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static ByteArrayContent Raw(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private static MultipartFormDataContent Multipart(byte[] image, Random random)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(image);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(part, random.Next(2) == 0 ? "image" : "not-an-image-field", "x.jpg");
        return form;
    }

    /// <summary>Declares a boundary the body never closes, or does not use at all.</summary>
    private static ByteArrayContent BrokenMultipart(byte[] image, Random random)
    {
        const string Boundary = "resnext-boundary";
        var head = Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n");
        byte[] body = random.Next(2) == 0 ? [.. head, .. image] : [.. RandomBytes(random), .. head[..random.Next(head.Length)]];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        return content;
    }
}
