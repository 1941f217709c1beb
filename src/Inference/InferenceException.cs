namespace ResNeXt.Inference;

/// <summary>
/// Base of every error the engine raises on purpose. <see cref="Code"/> is a stable, kebab-case identifier
/// (it becomes the problem <c>type</c> in the API and selects the exit code in the CLI), so hosts map
/// errors by code and never by message text.
/// </summary>
public abstract class InferenceException(string code, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public string Code { get; } = code;

    /// <summary>When retrying may succeed (overload), how long a client should wait first; null when retrying won't help.</summary>
    public virtual TimeSpan? RetryAfter => null;
}
