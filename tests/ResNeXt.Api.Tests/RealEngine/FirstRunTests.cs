using System.Net.Http.Headers;
using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Tests.Download;
using ResNeXt.Inference.Tests.Pipeline;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Api.Tests.RealEngine;

/// <summary>
/// What a newcomer does after <c>./run.sh</c> (which turns on Models:AutoDownload): one request with a JPEG for an official
/// model whose checkpoint is not on disk. The checkpoint comes from a local mirror of download.openmmlab.com holding the
/// reference resnext50-32x4d checkpoint under its official name, with the official sha256 prefix
/// (tests/reference/pretrained_mirror.py), so the download is verified exactly as against the real server.
/// </summary>
[Collection(RealEngineCollection.Name)]
public sealed class FirstRunTests
{
    private const string Model = PipelineReference.CatalogueModel;

    /// <summary>Download, sha256, load and warm-up of a 100 MB model on a busy 2-core machine, well inside.</summary>
    private const string FirstRequestTimeoutSeconds = "120";

    [Fact]
    public async Task TheFirstJpegRequestDownloadsTheOfficialCheckpointOnceAndAnswersLikePyTorch()
    {
        var reference = PipelineReference.Load();
        var entry = ModelCatalog.Get(Model);
        var mirrored = ReferenceData.Require("mirror", entry.CheckpointFileName);
        await using var mirror = new LocalFileServer();
        mirror.Add(entry.CheckpointFileName, await File.ReadAllBytesAsync(mirrored, Cancellation));
        await using var factory = new RealEngineFactory
        {
            Settings = new Dictionary<string, string?>
            {
                ["Models:AutoDownload"] = "true",
                ["CheckpointDownload:BaseUrl"] = mirror.BaseUrl.ToString(),
            },
        };
        using var client = factory.CreateClient();
        var jpegs = reference.Images.Select((file, index) => (file, index)).Where(i => i.file.EndsWith(".jpg", StringComparison.Ordinal))
            .Select(i => i.index).ToArray();
        Assert.Equal(ModelState.NotDownloaded, await StateAsync(client));

        foreach (var jpeg in jpegs)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, ReferenceUploads.PredictPath(Model)) { Content = ReferenceUploads.Raw(reference, jpeg) };
            request.Headers.Add("X-Request-Timeout", FirstRequestTimeoutSeconds);
            using var response = await client.SendAsync(request, Cancellation);
            ReferenceUploads.AssertPredictions(await ApiAssert.SuccessJsonAsync(response), reference.Rows(Model, "softmax"), [jpeg]);
        }

        Assert.Single(mirror.Requests, r => r.Path.EndsWith(entry.CheckpointFileName, StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(factory.ModelsDirectory, entry.CheckpointFileName)), "the checkpoint was not kept in Models:Directory");
        Assert.Equal(ModelState.Ready, await StateAsync(client));
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static async Task<ModelState> StateAsync(HttpClient client)
    {
        using var response = await client.GetAsync($"/v1/models/{Model}", Cancellation);
        var state = (await ApiAssert.SuccessJsonAsync(response)).GetProperty("state").GetString();
        return Enum.Parse<ModelState>(state!.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);
    }
}
