using ResNeXt.Inference;

namespace ResNeXt.Api.Tests.Fakes;

/// <summary>Stands in for the engine's typed exceptions, which the API maps by code alone.</summary>
public sealed class FakeInferenceException(string code, TimeSpan? retryAfter = null)
    : InferenceException(code, $"Fake engine failure '{code}'.")
{
    public override TimeSpan? RetryAfter => retryAfter;
}
