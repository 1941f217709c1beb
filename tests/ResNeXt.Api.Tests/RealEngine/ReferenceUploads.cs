using System.Net.Http.Headers;
using System.Text.Json;
using ResNeXt.Inference.Tests.Pipeline;

namespace ResNeXt.Api.Tests.RealEngine;

/// <summary>Request bodies made of the reference images, and checks of answers against PyTorch's numbers for them.</summary>
public static class ReferenceUploads
{
    public const string PredictAllScores = "predict?scores=all";

    /// <summary>As tight as the engine parity tests: float32 softmax from the same weights and the same crop.</summary>
    public const double ScoresMaxAbsError = 1e-5;

    public const double FeatureRelativeL2Error = 1e-4;

    private const int TopK = 5;

    public static string PredictPath(string model = RealEngineFactory.Model) => $"/v1/models/{model}/{PredictAllScores}";

    public static MultipartFormDataContent Multipart(PipelineReference reference, IEnumerable<int> images)
    {
        var form = new MultipartFormDataContent();
        foreach (var index in images)
        {
            var part = new ByteArrayContent(reference.ImageBytes(index));
            part.Headers.ContentType = new MediaTypeHeaderValue(MediaType(reference.Images[index]));
            form.Add(part, "image", reference.Images[index]);
        }
        return form;
    }

    public static ByteArrayContent Raw(PipelineReference reference, int index) => Raw(reference.ImageBytes(index), reference.Images[index]);

    public static ByteArrayContent Raw(byte[] bytes, string fileName)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(MediaType(fileName));
        return content;
    }

    /// <summary>
    /// Each prediction of a <c>scores=all</c> answer equals PyTorch's softmax for the image sent in that position:
    /// the full vector, the top-5 order and the top-1 fields.
    /// </summary>
    public static void AssertPredictions(JsonElement body, float[][] softmax, IReadOnlyList<int> images)
    {
        var predictions = body.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(images.Count, predictions.Count);
        for (var i = 0; i < images.Count; i++)
        {
            var expected = softmax[images[i]];
            var prediction = predictions[i];
            var scores = prediction.GetProperty("pred_scores").EnumerateArray().Select(s => s.GetSingle()).ToArray();
            var error = ArrayErrors.MaxAbs(expected, scores);
            Assert.True(error <= ScoresMaxAbsError, $"position {i} (image {images[i]}): softmax max abs error {error}");
            var top = ArrayErrors.TopLabels(expected, TopK);
            Assert.Equal(top, prediction.GetProperty("topk").EnumerateArray().Select(c => c.GetProperty("label").GetInt32()));
            Assert.Equal(top[0], prediction.GetProperty("pred_label").GetInt32());
        }
    }

    public static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetSingle())];

    private static string MediaType(string fileName) =>
        Path.GetExtension(fileName) is ".jpg" or ".jpeg" ? "image/jpeg" : "image/png";
}
