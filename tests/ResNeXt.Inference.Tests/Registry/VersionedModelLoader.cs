using System.Security.Cryptography;
using ResNeXt.Inference.Engine;

namespace ResNeXt.Inference.Tests.Registry;

/// <summary>
/// Stands in for the TorchSharp loader. A test "checkpoint" is a text file holding a version number; every output of
/// the runner it builds equals that number, so a response shows which weights computed each image. A file that says
/// "corrupt" fails to load the way a damaged checkpoint does; one that says "broken-forward" loads, but its warm-up pass
/// throws.
/// </summary>
internal sealed class VersionedModelLoader : IModelLoader
{
    public const int Classes = 3;
    public const int Features = 2;
    private int _loads;
    private readonly System.Collections.Concurrent.ConcurrentQueue<int> _warmUpThreads = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<int> _requestedThreads = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<ModelLoadRequest> _requests = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<int> _runThreads = new();

    public int Loads => Volatile.Read(ref _loads);

    /// <summary>The managed thread of every warm-up pass so far, in order.</summary>
    public IReadOnlyList<int> WarmUpThreads => [.. _warmUpThreads];

    /// <summary>The intra-op thread count of every load request so far.</summary>
    public IReadOnlyList<int> RequestedThreads => [.. _requestedThreads];

    /// <summary>Every load request so far, in order.</summary>
    public IReadOnlyList<ModelLoadRequest> Requests => [.. _requests];

    /// <summary>The managed thread of every forward pass so far.</summary>
    public IReadOnlyList<int> RunThreads => [.. _runThreads];

    /// <summary>When set, every load blocks until the test sets it, so "loading" can be observed.</summary>
    public ManualResetEventSlim? Gate { get; init; }

    /// <summary>When set, every forward pass blocks until the test sets it, so a model can be kept busy.</summary>
    public ManualResetEventSlim? RunGate { get; init; }

    /// <summary>What each model holds by name, for the byte budget; any other model holds its 3 float weights.</summary>
    public IReadOnlyDictionary<string, long> Footprints { get; init; } = new Dictionary<string, long>();

    public long EstimateMemoryBytes(ModelLoadRequest request) => Footprints.GetValueOrDefault(request.Name, sizeof(float) * Classes);

    public LoadedWeights Load(ModelLoadRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _loads);
        _requestedThreads.Enqueue(request.IntraOpThreads);
        _requests.Enqueue(request);
        Gate?.Wait(cancellationToken);
        if (request.CheckpointPath is null) return new LoadedWeights(new VersionedRunner(-1, this), ClassNames, null, Classes, 0, request.Backend);

        var text = File.ReadAllText(request.CheckpointPath).Trim();
        if (text == "corrupt") throw new FakeCorruptCheckpointException(request.CheckpointPath);
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(request.CheckpointPath)));
        var runner = text == "broken-forward" ? new VersionedRunner(float.NaN, this, brokenForward: true) : new VersionedRunner(float.Parse(text), this);
        return new LoadedWeights(runner, ClassNames, sha, Classes, EstimateMemoryBytes(request), request.Backend);
    }

    private static readonly string[] ClassNames = ["zero", "one", "two"];

    private sealed class VersionedRunner(float version, VersionedModelLoader loader, bool brokenForward = false) : IBatchRunner
    {
        public void WarmUp()
        {
            loader._warmUpThreads.Enqueue(Environment.CurrentManagedThreadId);
            if (brokenForward) throw new InvalidOperationException("forward pass exploded");
        }

        public int NumClasses => Classes;
        public int FeatureDim => Features;

        public BatchOutputs Run(ReadOnlySpan<float> input, int batchSize, OutputKinds kinds)
        {
            loader._runThreads.Enqueue(Environment.CurrentManagedThreadId);
            loader.RunGate?.Wait();
            float[] Fill(int length) => Enumerable.Repeat(version, batchSize * length).ToArray();
            return new BatchOutputs(batchSize, Classes, Features, Features, Fill(Classes), Fill(Classes), Fill(Features), Fill(Features));
        }

        public void Dispose()
        {
        }
    }
}

internal sealed class FakeCorruptCheckpointException(string path)
    : InferenceException("checkpoint-format", $"'{path}' is not a readable checkpoint.");
