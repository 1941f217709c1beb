using ResNeXt.Inference.Engine;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Inference.Tests.Pipeline;

namespace ResNeXt.Api.Tests.RealEngine;

/// <summary>
/// The real engine under concurrent load: batching, refusals, client aborts, hot reload and unload while busy. Each
/// test starts its own host because each needs its own settings or changes the model. No test asserts a duration:
/// outcomes are checked, and waits are bounded polls of the service's own state.
/// </summary>
[Collection(RealEngineCollection.Name)]
public sealed class OnnxRuntimeLoadTests() : RealEngineLoadTests(EngineBackend.OnnxRuntime);

[Collection(RealEngineCollection.Name)]
public sealed class TorchSharpLoadTests() : RealEngineLoadTests(EngineBackend.TorchSharp);

public abstract class RealEngineLoadTests(EngineBackend backend)
{
    private const int ConcurrentRequests = 64;
    private static readonly TimeSpan PollLimit = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrentRequestsAreBatchedAndEachCallerGetsItsOwnImagesAnswer()
    {
        var reference = PipelineReference.Load();
        var softmax = reference.Rows(PipelineReference.Tiny, "softmax");
        await using var factory = new RealEngineFactory { Backend = backend };
        using var client = factory.CreateClient();
        var images = Enumerable.Range(0, ConcurrentRequests).Select(i => i % reference.Images.Count).ToArray();

        var responses = await Task.WhenAll(images.Select(async image =>
        {
            using var response = await client.PostAsync(ReferenceUploads.PredictPath(), ReferenceUploads.Raw(reference, image), Cancellation);
            return (image, body: await ApiAssert.SuccessJsonAsync(response));
        }));

        foreach (var (image, body) in responses) ReferenceUploads.AssertPredictions(body, softmax, [image]);
        var metrics = await client.GetStringAsync("/metrics", Cancellation);
        var batches = PrometheusText.Value(metrics, "resnext_batch_size_count", "model=\"tiny\"", $"backend=\"{backend.ToName()}\"");
        var singles = PrometheusText.Value(metrics, "resnext_batch_size_bucket", "model=\"tiny\"", "le=\"1\"");
        TestContext.Current.TestOutputHelper?.WriteLine($"{ConcurrentRequests} requests ran in {batches} batches, {singles} of them single images");
        Assert.True(batches - singles > 0, $"no batch larger than 1 among {batches}:\n{metrics}");
        Assert.True(batches < ConcurrentRequests);
    }

    [Fact]
    public async Task FullQueueAnswers429WithRetryAfterAndNeverA5xx()
    {
        var reference = PipelineReference.Load();
        var softmax = reference.Rows(PipelineReference.Tiny, "softmax");
        await using var factory = new RealEngineFactory
        {
            Backend = backend,
            Settings = new Dictionary<string, string?> { ["Batching:MaxBatchSize"] = "1", ["Batching:QueueCapacity"] = "2", ["Limits:MaxImagesPerRequest"] = "2" },
        };
        using var client = factory.CreateClient();
        var requests = Enumerable.Range(0, ConcurrentRequests / 2).Select(i => new[] { i % reference.Images.Count, (i + 1) % reference.Images.Count }).ToArray();

        var outcomes = await Task.WhenAll(requests.Select(async images =>
        {
            using var response = await client.PostAsync(ReferenceUploads.PredictPath(), ReferenceUploads.Multipart(reference, images), Cancellation);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                ReferenceUploads.AssertPredictions(await ApiAssert.SuccessJsonAsync(response), softmax, images);
            }
            else
            {
                await ApiAssert.ProblemAsync(response, HttpStatusCode.TooManyRequests, "queue-full");
                Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {response.Headers.RetryAfter}");
            }
            return response.StatusCode;
        }));

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{outcomes.Count(s => s == HttpStatusCode.OK)} answered, {outcomes.Count(s => s == HttpStatusCode.TooManyRequests)} refused");
        Assert.Contains(HttpStatusCode.TooManyRequests, outcomes);
        Assert.Contains(HttpStatusCode.OK, outcomes);
        Assert.Empty(factory.Errors.Entries);
    }

    [Fact]
    public async Task ClientThatHangsUpMidRequestLeavesTheServerHealthy()
    {
        var reference = PipelineReference.Load();
        // One image per forward pass, so a 32-image request stays queued long enough to be cancelled in flight.
        await using var factory = new RealEngineFactory
        {
            Backend = backend,
            Settings = new Dictionary<string, string?> { ["Batching:MaxBatchSize"] = "1", ["Batching:QueueCapacity"] = "64" },
        };
        using var client = factory.CreateClient();
        using var hangUp = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var images = Enumerable.Range(0, 32).Select(i => i % reference.Images.Count).ToArray();

        var abandoned = client.PostAsync(ReferenceUploads.PredictPath(), ReferenceUploads.Multipart(reference, images), hangUp.Token);
        await WaitUntilAsync(async () => await QueueDepthAsync(client) > 0);
        await hangUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await WaitUntilAsync(async () => await QueueDepthAsync(client) == 0);
        var metrics = await client.GetStringAsync("/metrics", Cancellation);
        Assert.True(PrometheusText.Value(metrics, "resnext_rejections_total", "model=\"tiny\"", "reason=\"cancelled\"") > 0,
            $"the cancelled images were computed anyway:\n{metrics}");
        using var after = await client.PostAsync(ReferenceUploads.PredictPath(), ReferenceUploads.Raw(reference, 4), Cancellation);
        ReferenceUploads.AssertPredictions(await ApiAssert.SuccessJsonAsync(after), reference.Rows(PipelineReference.Tiny, "softmax"), [4]);
        Assert.Empty(factory.Errors.Entries);
    }

    [Fact]
    public async Task HotReloadUnderLoadLosesNoRequestAndNeverMixesVersions()
    {
        var reference = PipelineReference.Load();
        var expected = new Dictionary<string, float[][]>
        {
            [Sha256(PipelineReference.Checkpoint(PipelineReference.Tiny))] = reference.Rows(PipelineReference.Tiny, "softmax"),
            [Sha256(PipelineReference.TinyV2Checkpoint)] = reference.Rows(PipelineReference.TinyV2, "softmax"),
        };
        await using var factory = new RealEngineFactory { Backend = backend };
        using var client = factory.CreateClient();
        var answeredBy = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);

        async Task SendUntilStoppedAsync(int worker)
        {
            for (var round = 0; !stop.IsCancellationRequested; round++)
            {
                var images = Enumerable.Range(0, 4).Select(i => (worker * 5 + round + i) % reference.Images.Count).ToArray();
                using var response = await client.PostAsync(ReferenceUploads.PredictPath(), ReferenceUploads.Multipart(reference, images), Cancellation);
                var body = await ApiAssert.SuccessJsonAsync(response);
                var sha256 = body.GetProperty("checkpoint").GetProperty("sha256").GetString()!;
                Assert.True(expected.TryGetValue(sha256, out var softmax), $"answered by unknown weights {sha256}");
                ReferenceUploads.AssertPredictions(body, softmax, images);
                answeredBy.Add(sha256);
            }
        }

        var load = Enumerable.Range(0, 6).Select(SendUntilStoppedAsync).ToArray();
        await WaitUntilAsync(() => Task.FromResult(answeredBy.Count >= 6));
        ReplaceCheckpoint(factory, PipelineReference.TinyV2Checkpoint);
        using var reload = await client.PostAsync($"/v1/models/{RealEngineFactory.Model}/load", null, Cancellation);
        var status = await ApiAssert.SuccessJsonAsync(reload);
        var v2 = Sha256(PipelineReference.TinyV2Checkpoint);
        Assert.Equal(v2, status.GetProperty("checkpoint").GetProperty("sha256").GetString());
        var answeredBeforeReload = answeredBy.Count;
        await WaitUntilAsync(() => Task.FromResult(answeredBy.Count >= answeredBeforeReload + 6));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var versions = answeredBy.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", versions.Select(v => $"{v.Key[..8]}: {v.Value} responses")));
        Assert.Equal(expected.Keys.Order(), versions.Keys.Order());
        Assert.Empty(factory.Errors.Entries);
    }

    [Fact]
    public async Task UnloadWhileBusyFinishesEveryAcceptedRequest()
    {
        var reference = PipelineReference.Load();
        var softmax = reference.Rows(PipelineReference.Tiny, "softmax");
        await using var factory = new RealEngineFactory
        {
            Backend = backend,
            Settings = new Dictionary<string, string?> { ["Batching:MaxBatchSize"] = "2", ["Batching:QueueCapacity"] = "256" },
        };
        using var client = factory.CreateClient();
        var requests = Enumerable.Range(0, 8).Select(r => Enumerable.Range(0, 8).Select(i => (r + i) % reference.Images.Count).ToArray()).ToArray();

        var inFlight = requests.Select(async images =>
        {
            using var response = await client.PostAsync(ReferenceUploads.PredictPath(), ReferenceUploads.Multipart(reference, images), Cancellation);
            return (images, body: await ApiAssert.SuccessJsonAsync(response));
        }).ToArray();
        await WaitUntilAsync(async () => await QueueDepthAsync(client) > 0);
        using var unload = await client.PostAsync($"/v1/models/{RealEngineFactory.Model}/unload", null, Cancellation);
        await ApiAssert.SuccessJsonAsync(unload);

        foreach (var (images, body) in await Task.WhenAll(inFlight)) ReferenceUploads.AssertPredictions(body, softmax, images);
        Assert.Empty(factory.Errors.Entries);
    }

    [Fact]
    public async Task ImageWithMorePixelsThanTheLimitIs413()
    {
        var reference = PipelineReference.Load();
        await using var factory = new RealEngineFactory { Backend = backend, Settings = new Dictionary<string, string?> { ["Limits:MaxImagePixels"] = "10000" } };
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(ReferenceUploads.PredictPath(), ReferenceUploads.Raw(reference, 0), Cancellation);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "image-too-large");
    }

    /// <summary>Atomic, as a deployment should do it: the new file is written beside the old and renamed over it.</summary>
    private static void ReplaceCheckpoint(RealEngineFactory factory, string source)
    {
        var staging = Path.Combine(factory.ModelsDirectory, "staging.tmp");
        File.Copy(source, staging, overwrite: true);
        File.Move(staging, factory.CheckpointPath, overwrite: true);
    }

    private static async Task<int> QueueDepthAsync(HttpClient client)
    {
        using var response = await client.GetAsync($"/v1/models/{RealEngineFactory.Model}", Cancellation);
        return (await ApiAssert.SuccessJsonAsync(response)).GetProperty("queue_depth").GetInt32();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        limit.CancelAfter(PollLimit);
        while (!await condition()) await Task.Delay(PollInterval, limit.Token);
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
