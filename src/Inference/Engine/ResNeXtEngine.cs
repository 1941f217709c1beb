using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Model;
using ResNeXt.Inference.Preprocessing;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Engine;

/// <summary>
/// One loaded ResNeXt served by TorchSharp (libtorch): the checkpoint's weights, by default with BatchNorm folded into
/// the convolutions. Every load starts here, whatever the backend (<see cref="EngineFactory"/>). Not thread-safe (see
/// <see cref="IBatchRunner"/>): one thread calls <see cref="Run"/> at a time.
/// </summary>
public sealed class ResNeXtEngine : IInferenceEngine
{
    private readonly IResNeXtNetwork network;
    private readonly Device device;
    private readonly int intraOpThreads;
    private readonly bool retainActivationMemory;
    private bool runtimeConfigured;

    private ResNeXtEngine(IResNeXtNetwork network, Device device, int intraOpThreads, bool retainActivationMemory, string? name, IReadOnlyList<string> classes,
        string? sha256, string? checkpointPath, long parameterCount)
    {
        this.network = network;
        this.device = device;
        this.intraOpThreads = intraOpThreads;
        this.retainActivationMemory = retainActivationMemory;
        Name = name;
        Classes = classes;
        Sha256 = sha256;
        CheckpointPath = checkpointPath;
        ParameterCount = parameterCount;
        var module = (torch.nn.Module)network;
        MemoryBytes = module.parameters().Concat(module.buffers()).Sum(t => t.numel() * t.ElementSize);
    }

    public EngineBackend Backend => EngineBackend.TorchSharp;

    /// <summary>The catalogue name when loaded against a catalogue entry, else null.</summary>
    public string? Name { get; }

    /// <summary>The network being served: the folded twin unless <see cref="ResNeXtEngineOptions.FoldBatchNorm"/> was false.</summary>
    internal IResNeXtNetwork Network => network;

    public ResNeXtSpec Spec => network.Spec;

    public IReadOnlyList<string> Classes { get; }

    public int NumClasses => network.NumClasses;

    public int FeatureDim => network.Spec.FeatureDim;

    /// <summary>Hex sha256 of the checkpoint file; null for random weights.</summary>
    public string? Sha256 { get; }

    /// <summary>Null for random weights.</summary>
    public string? CheckpointPath { get; }

    /// <summary>Parameters of the checkpoint's (unfolded) network: what mmpretrain publishes.</summary>
    public long ParameterCount { get; }

    /// <summary>Bytes held by the served network's parameters and buffers.</summary>
    public long MemoryBytes { get; }

    /// <summary>Loads the checkpoint into TorchSharp, whatever <see cref="ResNeXtEngineOptions.Backend"/> says
    /// (<see cref="EngineFactory.Load"/> honours it).</summary>
    /// <inheritdoc cref="CheckpointLoader.Load"/>
    public static ResNeXtEngine Load(string checkpointPath, ResNeXtEngineOptions? options = null)
    {
        options ??= new ResNeXtEngineOptions();
        var device = torch.device(options.Device);
        var loaded = CheckpointLoader.Load(checkpointPath, options.Expected?.Spec, options.VerifyChecksum);
        var parameterCount = loaded.Model.ParameterCount;

        var network = Prepare(loaded.Model, options, device);
        return new ResNeXtEngine(network, device, options.IntraOpThreads, options.RetainActivationMemory, options.Expected?.Name, loaded.Classes, loaded.Sha256,
            Path.GetFullPath(checkpointPath), parameterCount);
    }

    /// <summary>
    /// The architecture with PyTorch's default random initialisation, for load tests and demos without weights
    /// (Models:AllowRandomWeights). Its predictions mean nothing; callers must say so.
    /// </summary>
    public static ResNeXtEngine CreateRandom(ResNeXtSpec spec, int numClasses, ResNeXtEngineOptions? options = null)
    {
        options ??= new ResNeXtEngineOptions();
        var device = torch.device(options.Device);
        var model = new Model.ResNeXt(spec, numClasses);
        model.eval();
        var parameterCount = model.ParameterCount;
        var network = Prepare(model, options, device);
        return new ResNeXtEngine(network, device, options.IntraOpThreads, options.RetainActivationMemory, options.Expected?.Name,
            CheckpointLoader.ClassNames(null, numClasses), sha256: null, checkpointPath: null, parameterCount);
    }

    private static IResNeXtNetwork Prepare(Model.ResNeXt model, ResNeXtEngineOptions options, Device device)
    {
        IResNeXtNetwork network = model;
        if (options.FoldBatchNorm)
        {
            // The folded twin owns copies of every weight, so the BN network is freed at once: serving holds
            // one copy of the weights, not two.
            using (model)
                network = model.Fold();
        }
        ((torch.nn.Module)network).to(device);
        return network;
    }

    public BatchOutputs Run(ReadOnlySpan<float> input, int batchSize, OutputKinds kinds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (input.Length != batchSize * ImageNetPipeline.TensorLength)
            throw new ArgumentException($"Expected {batchSize} x {ImageNetPipeline.TensorLength} floats, got {input.Length}.", nameof(input));

        if (!runtimeConfigured)
        {
            // libtorch's OpenMP thread count belongs to the calling thread, and Run always runs on the inference
            // executor's one dedicated thread, so it is set there, once per engine (every engine asks for the same count).
            if (intraOpThreads > 0)
                torch.set_num_threads(intraOpThreads);
            if (retainActivationMemory && !GlibcAllocator.IsRetaining)
                GlibcAllocator.Configure(retain: true);
            runtimeConfigured = true;
        }

        using var scope = NewDisposeScope();
        using var mode = inference_mode();

        var images = ToTensor(input, batchSize);
        var map = network.Backbone(images);
        ReadOnlyMemory<float>? backbone = kinds.HasFlag(OutputKinds.Backbone) ? ToManaged(map) : null;
        ReadOnlyMemory<float>? neck = null, logits = null, scores = null;
        if ((kinds & (OutputKinds.Neck | OutputKinds.Logits | OutputKinds.Scores)) != 0)
        {
            var features = network.Neck(map);
            neck = kinds.HasFlag(OutputKinds.Neck) ? ToManaged(features) : null;
            if ((kinds & (OutputKinds.Logits | OutputKinds.Scores)) != 0)
            {
                var raw = network.Head(features);
                logits = kinds.HasFlag(OutputKinds.Logits) ? ToManaged(raw) : null;
                // Softmax over float32 logits by libtorch, as mmpretrain's ClsHead computes pred_score.
                scores = kinds.HasFlag(OutputKinds.Scores) ? ToManaged(raw.softmax(-1)) : null;
            }
        }

        var backboneLength = (int)(map.numel() / batchSize);
        return new BatchOutputs(batchSize, NumClasses, FeatureDim, backboneLength, logits, scores, neck, backbone);
    }

    /// <summary>
    /// The caller's span cannot be aliased by a tensor (it may live on the stack or in a pooled buffer that is
    /// reused after Run returns), so it is copied exactly once, straight into libtorch-owned CPU memory; the
    /// tensor belongs to Run's dispose scope. On CUDA a second, device copy follows.
    /// </summary>
    private Tensor ToTensor(ReadOnlySpan<float> input, int batchSize)
    {
        var cpu = empty([batchSize, ImageNetPipeline.Channels, ImageNetPipeline.CropSize, ImageNetPipeline.CropSize], float32);
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(input).CopyTo(TensorBytes.Of(cpu));
        return device.type == DeviceType.CPU ? cpu : cpu.to(device);
    }

    private static ReadOnlyMemory<float>? ToManaged(Tensor tensor)
    {
        var cpu = tensor.device_type == DeviceType.CPU ? tensor.contiguous() : tensor.cpu().contiguous();
        var result = new float[cpu.numel()];
        TensorBytes.Of(cpu).CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }

    /// <summary>One pass at batch 1 over a blank image: without it the first request after start-up or a reload waits
    /// seconds for libtorch's thread pool and oneDNN's kernel set-up.</summary>
    public void WarmUp() => Run(new float[ImageNetPipeline.TensorLength], batchSize: 1, OutputKinds.Logits);

    public void Dispose() => network.Dispose();
}
