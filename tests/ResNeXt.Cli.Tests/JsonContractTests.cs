extern alias api;

using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Cli.Tests;

/// <summary>
/// <c>resnext predict --json</c> and <c>resnext features --json</c> print the HTTP API's body for the same images and
/// checkpoint, byte for byte: same names, nesting and numbers, so a script can move between the two unchanged.
/// </summary>
public sealed class JsonContractTests
{
    private const string Model = "resnext50-32x4d";

    /// <summary>JPEG and PNG, fewer than one CLI chunk and one API batch, so both run them as one batch.</summary>
    private static readonly string[] ImageNames = ["image00_320x240.png", "image01_240x320.jpg", "image02_500x375.png", "image03_375x500.jpg"];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CliJsonIsTheApisBodyForTheSameImages()
    {
        var checkpoint = ReferenceData.Require("models", Model, Model + ".pth");
        string[] images = [.. ImageNames.Select(name => ReferenceData.Require("pipeline", name))];
        string[] common = ["--model", Model, "--checkpoint", checkpoint, "--backend", EngineBackendNames.OnnxRuntime, "--json"];
        await using var factory = new WebApplicationFactory<api::Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Models:Directory", Path.GetDirectoryName(checkpoint));
            builder.UseSetting($"Models:Checkpoints:{Model}", checkpoint);
            builder.UseSetting("Models:Backend", EngineBackendNames.OnnxRuntime);
            builder.UseSetting("Models:WatchForChanges", bool.FalseString);
            builder.UseSetting("Batching:DefaultTimeout", "00:02:00");
        });
        using var client = factory.CreateClient();

        var predictApi = await PostAsync(client, $"/v1/models/{Model}/predict", images);
        var predictCli = await CliRunner.RunAsync(["predict", .. images, .. common]);
        var featuresApi = await PostAsync(client, $"/v1/models/{Model}/features?stage=pre_logits&normalize=true", images);
        var featuresCli = await CliRunner.RunAsync(["features", .. images, "--stage", "pre_logits", "--normalize", .. common]);

        Assert.True(predictCli.ExitCode == ExitCodes.Success, predictCli.Error);
        Assert.True(featuresCli.ExitCode == ExitCodes.Success, featuresCli.Error);
        Assert.Contains("\"pred_label\":", predictApi, StringComparison.Ordinal);
        Assert.Equal(predictApi, predictCli.Output.TrimEnd('\n'));
        Assert.Equal(featuresApi, featuresCli.Output.TrimEnd('\n'));
    }

    private static async Task<string> PostAsync(HttpClient client, string path, string[] images)
    {
        using var form = new MultipartFormDataContent();
        foreach (var image in images)
        {
            var part = new ByteArrayContent(await File.ReadAllBytesAsync(image, Cancellation));
            part.Headers.ContentType = new MediaTypeHeaderValue(image.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg");
            form.Add(part, "images", Path.GetFileName(image));
        }
        using var response = await client.PostAsync(path, form, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {body}");
        return body;
    }
}
