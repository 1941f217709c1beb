namespace ResNeXt.Api.OpenInference.Rest;

/// <summary>The Open Inference Protocol's error body.</summary>
public sealed record OpenInferenceError(string Error);
