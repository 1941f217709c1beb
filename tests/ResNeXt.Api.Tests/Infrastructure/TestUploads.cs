using System.Net.Http.Headers;

namespace ResNeXt.Api.Tests.Infrastructure;

public static class TestUploads
{
    public static MultipartFormDataContent Multipart(params byte[][] images) => Multipart("image", images);

    public static MultipartFormDataContent Multipart(string field, params byte[][] images)
    {
        var form = new MultipartFormDataContent();
        for (var i = 0; i < images.Length; i++)
        {
            var part = new ByteArrayContent(images[i]);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(part, field, $"image{i}.png");
        }
        return form;
    }

    public static ByteArrayContent Raw(byte[] bytes, string mediaType = "image/png")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }
}
