using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.Options;
using ResNeXt.Api.Options;
using ResNeXt.Api.Problems;
using ResNeXt.Inference.Batching;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Api.OpenInference;

/// <summary>
/// The Open Inference Protocol's semantics, shared by REST and gRPC: which tensors a model takes and gives, the checks
/// every decoded request passes (each failure a 400 / INVALID_ARGUMENT naming the field), and the outputs computed by
/// <see cref="ITensorClassifier"/>, the same registry and batches /v1 uses. The wire formats live in the codecs.
/// </summary>
public sealed class OpenInferenceService(ITensorClassifier classifier, IModelRegistry registry, IOptions<LimitsOptions> limits)
{
    public const string ServerName = "resnext-service";

    /// <summary>What the model metadata gives as the platform: the framework whose checkpoints are served.</summary>
    public const string Platform = "mmpretrain_resnext";

    private static readonly long[] ImageShape = [ImageNetPipeline.Channels, ImageNetPipeline.CropSize, ImageNetPipeline.CropSize];

    private readonly int _maxImages = limits.Value.MaxImagesPerRequest;

    public static ServerMetadata ServerMetadata { get; } = new(ServerName,
        typeof(OpenInferenceService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
        TensorNames.Extensions);

    public bool IsReady => registry.IsReady;

    /// <summary>True when the model (and the version, when one is named) serves requests now, without loading it.</summary>
    public bool IsModelReady(string model, string? version)
    {
        var loaded = classifier.DescribeLoaded(model);
        return loaded is not null && (string.IsNullOrEmpty(version) || version == loaded.Version);
    }

    public ModelMetadata GetModelMetadata(string model, string? version)
    {
        var status = registry.Get(model);
        var loaded = classifier.DescribeLoaded(model);
        var versions = loaded is not null ? [loaded.Version] : VersionsBeforeLoad(status);
        if (!string.IsNullOrEmpty(version) && !versions.Contains(version, StringComparer.Ordinal))
        {
            throw new ModelVersionNotFoundException(model, version, versions.FirstOrDefault() ?? "none (not loaded)");
        }
        long classes = loaded?.ClassCount ?? (status.Catalog is not null ? ImageNetCategories.All.Count : -1);
        long features = loaded?.FeatureDim ?? status.Catalog?.Spec.FeatureDim ?? -1;
        return new ModelMetadata(model, versions, Platform,
            [new(TensorNames.Image, TensorNames.Bytes, [-1]), new(TensorNames.Input, TensorNames.Fp32, [-1, .. ImageShape])],
            [
                new(TensorNames.Probabilities, TensorNames.Fp32, [-1, classes]),
                new(TensorNames.Logits, TensorNames.Fp32, [-1, classes]),
                new(TensorNames.Features, TensorNames.Fp32, [-1, features]),
            ]);
    }

    /// <summary>
    /// Before a model loads, its version is known only where a file name carries it: an official checkpoint's name ends in
    /// the digits its load verifies, and a catalogue model not yet downloaded will be that file. Any other file (a
    /// fine-tuned resnext50-32x4d.pth) is unknown until loaded: listing the catalogue's digits for it advertised a
    /// version that a request pinned to it would then not find.
    /// </summary>
    private static string[] VersionsBeforeLoad(ModelStatus status) =>
        status.CheckpointPath is { } path ? CheckpointReader.OfficialSha256Prefix(path) is { } prefix ? [prefix] : []
        : status.Catalog is { } entry ? [entry.Sha256Prefix]
        : [];

    /// <summary>
    /// Checks an input's name, datatype and shape before its data is decoded, so a codec knows how to read the data
    /// and a wrong tensor is refused before its bytes are copied.
    /// </summary>
    public void CheckInputHeader(string name, string datatype, IReadOnlyList<long> shape)
    {
        var expected = name switch
        {
            TensorNames.Image => TensorNames.Bytes,
            TensorNames.Input => TensorNames.Fp32,
            _ => throw OpenInferenceException.InvalidTensor(
                $"Unknown input '{name}': the inputs are '{TensorNames.Image}' (BYTES, encoded images) and '{TensorNames.Input}' (FP32, [-1, 3, 224, 224])."),
        };
        if (!string.Equals(datatype, expected, StringComparison.Ordinal))
        {
            throw OpenInferenceException.InvalidTensor($"Input '{name}' has datatype '{datatype}'; it must be {expected}.");
        }
        if (shape.Any(d => d < 0))
        {
            throw OpenInferenceException.InvalidTensor($"Input '{name}' has shape {Format(shape)}; a request's dimensions cannot be negative.");
        }
        if (name == TensorNames.Image && !(shape.Count == 1 || (shape.Count == 2 && shape[1] == 1)))
        {
            throw OpenInferenceException.InvalidTensor($"Input '{name}' has shape {Format(shape)}; it must be [N] (or [N, 1]), one element per encoded image.");
        }
        if (name == TensorNames.Input && !(shape.Count == 4 && shape.Skip(1).SequenceEqual(ImageShape)))
        {
            throw OpenInferenceException.InvalidTensor(
                $"Input '{name}' has shape {Format(shape)}; it must be [N, {string.Join(", ", ImageShape)}] (preprocessed 224 x 224 RGB, CHW).");
        }
        var images = shape[0];
        if (images == 0) throw OpenInferenceException.InvalidTensor($"Input '{name}' has shape {Format(shape)}: it holds no image.");
        if (images > _maxImages)
        {
            throw new OpenInferenceException(ProblemCatalog.TooManyImages,
                $"Input '{name}' carries {images} images; at most {_maxImages} (Limits:MaxImagesPerRequest) are accepted at once.");
        }
    }

    /// <summary>Elements a tensor of this (already checked) shape holds.</summary>
    public static long ElementCount(IReadOnlyList<long> shape) => shape.Aggregate(1L, (product, d) => product * d);

    public async Task<InferAnswer> InferAsync(string model, string? version, InferCall call, TimeSpan? timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var input = SingleInput(call.Inputs);
        var outputs = CheckOutputs(call.Outputs);
        var kinds = outputs.Aggregate(OutputKinds.None, (all, o) => all | KindOf(o.Name));
        var images = (int)input.Shape[0];

        var request = input.Floats is { } floats
            ? new TensorRequest(model, null, SplitImages(input.Name, floats, images), kinds, timeout, NullIfEmpty(version))
            : new TensorRequest(model, input.Bytes, null, kinds, timeout, NullIfEmpty(version));
        var result = await classifier.InferAsync(request, cancellationToken);
        return new InferAnswer(model, result.Version, call.Id, [.. outputs.Select(o => Answer(o, result))]);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private InferInputTensor SingleInput(IReadOnlyList<InferInputTensor> inputs)
    {
        if (inputs.Count != 1)
        {
            throw OpenInferenceException.InvalidTensor(
                $"The request carries {inputs.Count} inputs ({string.Join(", ", inputs.Select(i => $"'{i.Name}'"))}); it must carry exactly one: " +
                $"'{TensorNames.Image}' or '{TensorNames.Input}'.");
        }
        var input = inputs[0];
        CheckInputHeader(input.Name, input.Datatype, input.Shape);
        var expected = ElementCount(input.Shape);
        if (input.ElementCount != expected)
        {
            throw OpenInferenceException.InvalidTensor(
                $"Input '{input.Name}' has shape {Format(input.Shape)} ({expected} elements) but its data holds {input.ElementCount}.");
        }
        if (input.Bytes is { } encoded && encoded.ToList().FindIndex(e => e.IsEmpty) is var empty and >= 0)
        {
            throw OpenInferenceException.InvalidTensor($"Input '{input.Name}' element {empty} is empty; each element is one encoded image.");
        }
        if (input.Floats is { } floats && Array.FindIndex(floats, f => !float.IsFinite(f)) is var bad and >= 0)
        {
            // A non-finite value turns that image's outputs into NaN or infinities, which JSON cannot carry and no
            // client can use: refused before a forward pass is spent on it, naming where it is.
            throw OpenInferenceException.InvalidTensor(
                $"Input '{input.Name}' holds {floats[bad].ToString(CultureInfo.InvariantCulture)} at flat index {bad} (image {bad / ImageNetPipeline.TensorLength}); " +
                "NaN and infinities are refused.");
        }
        return input;
    }

    private static List<RequestedOutput> CheckOutputs(IReadOnlyList<RequestedOutput>? requested)
    {
        if (requested is null || requested.Count == 0) return [.. TensorNames.DefaultOutputs.Select(name => new RequestedOutput(name))];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var output in requested)
        {
            if (!TensorNames.Outputs.Contains(output.Name))
            {
                throw OpenInferenceException.InvalidTensor(
                    $"Unknown output '{output.Name}': the outputs are {string.Join(", ", TensorNames.Outputs.Select(o => $"'{o}'"))}.");
            }
            if (!seen.Add(output.Name)) throw OpenInferenceException.InvalidTensor($"Output '{output.Name}' is requested twice.");
            if (output.Classification is { } k)
            {
                if (output.Name == TensorNames.Features)
                {
                    throw OpenInferenceException.InvalidTensor(
                        $"Output '{output.Name}' does not take parameters.{TensorNames.Classification}; only '{TensorNames.Probabilities}' and '{TensorNames.Logits}' do.");
                }
                if (k < 1)
                {
                    throw OpenInferenceException.InvalidTensor(
                        $"Output '{output.Name}' has parameters.{TensorNames.Classification} = {k}; it must be a positive number of classes.");
                }
            }
        }
        return [.. requested];
    }

    private static OutputKinds KindOf(string output) => output switch
    {
        TensorNames.Probabilities => OutputKinds.Scores,
        TensorNames.Logits => OutputKinds.Logits,
        _ => OutputKinds.Neck,
    };

    private static ReadOnlyMemory<float>[] SplitImages(string name, float[] floats, int images)
    {
        Debug.Assert(floats.Length == images * ImageNetPipeline.TensorLength, $"'{name}' was checked against its shape");
        var split = new ReadOnlyMemory<float>[images];
        for (var i = 0; i < images; i++) split[i] = floats.AsMemory(i * ImageNetPipeline.TensorLength, ImageNetPipeline.TensorLength);
        return split;
    }

    private static InferOutputTensor Answer(RequestedOutput output, TensorResult result)
    {
        var rows = result.Outputs.Select(o => output.Name switch
        {
            TensorNames.Probabilities => o.Scores!,
            TensorNames.Logits => o.Logits!,
            _ => o.Neck!,
        }).ToList();
        var width = rows[0].Length;
        if (output.Classification is { } k) return Classify(output.Name, rows, Math.Min(k, width), result.Classes);

        var flat = new float[rows.Count * width];
        for (var i = 0; i < rows.Count; i++) rows[i].CopyTo(flat, i * width);
        return new InferOutputTensor(output.Name, TensorNames.Fp32, [rows.Count, width], flat, null);
    }

    /// <summary>Triton's classification extension: "score:index:label", best first, ties to the lower index as torch.topk.</summary>
    private static InferOutputTensor Classify(string name, List<float[]> rows, int k, IReadOnlyList<string> classes)
    {
        var strings = new List<byte[]>(rows.Count * k);
        foreach (var row in rows)
        {
            foreach (var index in Enumerable.Range(0, row.Length).OrderByDescending(i => row[i]).ThenBy(i => i).Take(k))
            {
                var label = index < classes.Count ? classes[index] : index.ToString(CultureInfo.InvariantCulture);
                strings.Add(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{row[index]}:{index}:{label}")));
            }
        }
        return new InferOutputTensor(name, TensorNames.Bytes, [rows.Count, k], null, strings);
    }

    private static string Format(IReadOnlyList<long> shape) => $"[{string.Join(", ", shape)}]";
}
