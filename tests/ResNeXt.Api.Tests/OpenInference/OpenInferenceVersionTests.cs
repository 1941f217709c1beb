using System.Net;
using System.Security.Cryptography;
using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Api.Tests.RealEngine;
using ResNeXt.Inference.Tests.Pipeline;

namespace ResNeXt.Api.Tests.OpenInference;

/// <summary>A V2 version is a checkpoint: a hot reload to other weights is a new version, and the old one is gone.</summary>
[Collection(RealEngineCollection.Name)]
public sealed class OpenInferenceVersionTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HotReloadServesTheNewCheckpointUnderItsOwnVersion()
    {
        var reference = PipelineReference.Load();
        await using var factory = new RealEngineFactory();
        using var client = factory.CreateClient();
        int[] images = [5];
        var body = V2Requests.Request(V2Requests.ImageInput(images.Select(reference.ImageBytes)), V2Requests.Output("probabilities"));
        var first = Version(factory.CheckpointPath);

        using var before = await client.PostAsync($"/v2/models/tiny/versions/{first}/infer", V2Requests.Json(body), Cancellation);
        Assert.Equal(first, (await ApiAssert.SuccessJsonAsync(before)).GetProperty("model_version").GetString());

        var staging = Path.Combine(factory.ModelsDirectory, "staging.tmp");
        File.Copy(PipelineReference.TinyV2Checkpoint, staging, overwrite: true);
        File.Move(staging, factory.CheckpointPath, overwrite: true);
        using var reload = await client.PostAsync("/v1/models/tiny/load", null, Cancellation);
        await ApiAssert.SuccessJsonAsync(reload);
        var second = Version(factory.CheckpointPath);

        using var current = await client.PostAsync($"/v2/models/tiny/versions/{second}/infer", V2Requests.Json(body), Cancellation);
        using var gone = await client.PostAsync($"/v2/models/tiny/versions/{first}/infer", V2Requests.Json(body), Cancellation);
        using var metadata = await client.GetAsync("/v2/models/tiny", Cancellation);

        Assert.NotEqual(first, second);
        var answer = await ApiAssert.SuccessJsonAsync(current);
        Assert.Equal(second, answer.GetProperty("model_version").GetString());
        V2Requests.AssertRows(reference.Rows(PipelineReference.TinyV2, "softmax"), images,
            V2Requests.Rows(V2Requests.Data(V2Requests.OutputNamed(answer, "probabilities")), images.Length), relative: false);
        Assert.Contains(second, await V2Requests.ErrorAsync(gone, HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Equal([second], (await ApiAssert.SuccessJsonAsync(metadata)).GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
    }

    /// <summary>
    /// Before a load, only a file name can vouch for a version: the official one (its digits are verified at load), or
    /// the official file a catalogue model without a file will download. A fine-tuned resnext50-32x4d.pth used to be
    /// listed under the official digits, which a request pinned to them then did not find.
    /// </summary>
    [Fact]
    public async Task BeforeALoadOnlyAnOfficialFileNameListsAVersion()
    {
        PipelineReference.Load();
        await using var factory = new RealEngineFactory();
        using var client = factory.CreateClient();
        var official = Inference.Registry.ModelCatalog.Get(PipelineReference.CatalogueModel).Sha256Prefix;

        using var notDownloaded = await client.GetAsync($"/v2/models/{PipelineReference.CatalogueModel}", Cancellation);
        var beforeFile = Versions(await ApiAssert.SuccessJsonAsync(notDownloaded));
        File.Copy(factory.CheckpointPath, Path.Combine(factory.ModelsDirectory, PipelineReference.CatalogueModel + ".pth"));
        using var ownFile = await client.GetAsync($"/v2/models/{PipelineReference.CatalogueModel}", Cancellation);
        using var pinned = await client.GetAsync($"/v2/models/{PipelineReference.CatalogueModel}/versions/{official}", Cancellation);

        Assert.Equal([official], beforeFile);
        Assert.Empty(Versions(await ApiAssert.SuccessJsonAsync(ownFile)));
        await V2Requests.ErrorAsync(pinned, HttpStatusCode.NotFound);
    }

    private static string[] Versions(System.Text.Json.JsonElement metadata) =>
        [.. metadata.GetProperty("versions").EnumerateArray().Select(v => v.GetString()!)];

    private static string Version(string checkpoint) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(checkpoint)))[..8];
}
