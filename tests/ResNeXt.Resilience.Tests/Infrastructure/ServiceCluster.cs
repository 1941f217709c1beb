using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using ResNeXt.Deploy.Tests.Nginx;

namespace ResNeXt.Resilience.Tests.Infrastructure;

/// <summary>
/// Two service instances on 127.0.0.1 sharing one models folder, behind nginx with the compose configuration.
/// Started on first use inside a test (so a missing reference file or nginx skips or fails that test, not the run)
/// and shared by the whole collection; every scenario leaves both instances ready and serving tiny.pth.
/// </summary>
public sealed class ServiceCluster : IAsyncLifetime
{
    public const int InstanceCount = 2;

    /// <summary>The probe is sent this many times per request, so a response mixing two weight versions shows.</summary>
    public const int ProbeCopies = 2;

    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long nginx leaves a peer out after max_fails failures (compose's <c>fail_timeout</c>). A peer restarted
    /// within that window is not back in rotation yet, so stopping the other one then leaves nginx no live peer (502):
    /// a rolling restart must wait this long after each instance is ready, like Kubernetes' minReadySeconds.
    /// </summary>
    public static TimeSpan FailTimeout { get; } = ParseFailTimeout();

    private readonly SemaphoreSlim _startGate = new(1, 1);
    private readonly List<ServiceProcess> _instances = [];
    private NginxProcess? _nginx;

    public string ModelsDirectory { get; } = Directory.CreateTempSubdirectory("resnext-resilience-models-").FullName;

    public IReadOnlyList<ServiceProcess> Instances => _instances;

    public Uri NginxAddress => _nginx?.Address ?? throw new InvalidOperationException("Not started.");

    public byte[] Probe { get; private set; } = [];

    /// <summary>The correct answer for each checkpoint hash seen so far (filled when a version is first served alone).</summary>
    public ConcurrentDictionary<string, string> ExpectedAnswers { get; } = new(StringComparer.Ordinal);

    public string CheckpointPath => Path.Combine(ModelsDirectory, ResilienceFiles.CheckpointFileName);

    public async Task<ServiceCluster> StartedAsync(CancellationToken cancellationToken)
    {
        await _startGate.WaitAsync(cancellationToken);
        try
        {
            if (_nginx is not null) return this;
            File.Copy(ResilienceFiles.TinyCheckpoint(), CheckpointPath, overwrite: true);
            Probe = ResilienceFiles.Images()[0];
            NginxBinary.Require();
            for (var i = 0; i < InstanceCount; i++)
            {
                var instance = new ServiceProcess(LoopbackPorts.Free(), Settings(ModelsDirectory));
                _instances.Add(instance);
                await instance.StartAsync(StartTimeout, cancellationToken);
            }
            _nginx = await NginxProcess.StartAsync(_instances.Select(i => i.Port), StartTimeout, cancellationToken);
            await LearnAnswerAsync(_instances[0], cancellationToken);
            return this;
        }
        finally
        {
            _startGate.Release();
        }
    }

    /// <summary>What every instance is started with: the tiny model preloaded, one intra-op thread (two cores, two instances).</summary>
    public static Dictionary<string, string> Settings(string modelsDirectory) => new(StringComparer.Ordinal)
    {
        ["Models__Directory"] = modelsDirectory,
        ["Models__DefaultModel"] = ResilienceFiles.ModelName,
        ["Models__Preload__0"] = ResilienceFiles.ModelName,
        ["Batching__IntraOpThreads"] = "1",
        ["Shutdown__GracePeriod"] = GracePeriod.ToString("c", CultureInfo.InvariantCulture),
        ["Shutdown__Timeout"] = ShutdownTimeout.ToString("c", CultureInfo.InvariantCulture),
    };

    public static HttpRequestMessage PredictRequest(byte[] image, int copies)
    {
        var form = new MultipartFormDataContent();
        for (var i = 0; i < copies; i++)
        {
            var part = new ByteArrayContent(image);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, "image", $"probe{i.ToString(CultureInfo.InvariantCulture)}.jpg");
        }
        return new HttpRequestMessage(HttpMethod.Post, $"/v1/models/{ResilienceFiles.ModelName}/predict") { Content = form };
    }

    public HttpRequestMessage ProbeRequest() => PredictRequest(Probe, ProbeCopies);

    /// <summary>A 200 body is correct when all its images agree and match the answer known for its checkpoint.</summary>
    public bool IsCorrect(string body)
    {
        var answer = ProbeAnswer.Parse(body);
        return answer.Sha256 is { } sha && answer.IsConsistent && ExpectedAnswers.TryGetValue(sha, out var expected) && expected == answer.Images[0];
    }

    /// <summary>Asks one instance directly, while it serves a single version, and records that version's answer.</summary>
    public async Task<ProbeAnswer> LearnAnswerAsync(ServiceProcess instance, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = instance.Address };
        using var request = ProbeRequest();
        using var response = await client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var answer = ProbeAnswer.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        Assert.True(answer.IsConsistent);
        ExpectedAnswers.TryAdd(answer.Sha256!, answer.Images[0]);
        return answer;
    }

    public HttpClient CreateNginxClient() => new() { BaseAddress = NginxAddress, Timeout = ShutdownTimeout * 2 };

    /// <summary>Starts an instance again on its own port (after a kill or a graceful stop).</summary>
    public async Task RestartAsync(int index, CancellationToken cancellationToken)
    {
        var old = _instances[index];
        await old.DisposeAsync();
        var fresh = new ServiceProcess(old.Port, Settings(ModelsDirectory));
        _instances[index] = fresh;
        await fresh.StartAsync(StartTimeout, cancellationToken);
        await Task.Delay(FailTimeout, cancellationToken);
    }

    private static TimeSpan ParseFailTimeout()
    {
        const string Prefix = "fail_timeout=";
        var value = NginxTestConfiguration.ComposeServerParameters().Single(p => p.StartsWith(Prefix, StringComparison.Ordinal))[Prefix.Length..];
        // nginx also accepts ms/m/h; the compose file uses seconds, and anything else fails loudly here.
        return value.EndsWith('s') && int.TryParse(value[..^1], CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException($"Unexpected fail_timeout '{value}'.");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_nginx is not null) await _nginx.DisposeAsync();
        foreach (var instance in _instances) await instance.DisposeAsync();
        Directory.Delete(ModelsDirectory, recursive: true);
        _startGate.Dispose();
    }
}
