using ResNeXt.Api.Problems;
using ResNeXt.Inference;

namespace ResNeXt.Api.OpenInference;

/// <summary>
/// A request the protocol layer refuses before the engine sees it. It carries a <see cref="ProblemCatalog"/> code, so
/// REST and gRPC map it to a status exactly as they map the engine's own errors.
/// </summary>
public sealed class OpenInferenceException(string code, string message) : InferenceException(code, message)
{
    public static OpenInferenceException InvalidTensor(string message) => new(ProblemCatalog.InvalidTensor, message);

    public static OpenInferenceException Malformed(string message) => new(ProblemCatalog.MalformedBody, message);
}
