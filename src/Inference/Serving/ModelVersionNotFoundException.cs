namespace ResNeXt.Inference.Serving;

/// <summary>The model exists but the version asked for is not the one it serves (reloaded, or never loaded).</summary>
public sealed class ModelVersionNotFoundException(string model, string version, string served)
    : InferenceException("model-not-found",
        $"Model '{model}' has no version '{version}'; it serves version '{served}' (the first {ModelVersions.Sha256PrefixLength} hex digits of its checkpoint's SHA-256).");
