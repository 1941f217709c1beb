namespace ResNeXt.Inference.Serving;

/// <summary>
/// Names a loaded version of a model: the first 8 hex digits of its checkpoint's SHA-256, the same digits the official
/// checkpoints carry at the end of their file names, so a hot reload to different weights is a different version.
/// </summary>
public static class ModelVersions
{
    public const int Sha256PrefixLength = 8;

    /// <summary>The version name of weights not read from a checkpoint (Models:AllowRandomWeights).</summary>
    public const string RandomWeights = "random";

    public static string Of(ModelIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return Of(identity.Sha256);
    }

    public static string Of(string? sha256) =>
        sha256 is { Length: >= Sha256PrefixLength } ? sha256[..Sha256PrefixLength].ToLowerInvariant() : RandomWeights;
}
