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

    /// <summary>
    /// Which image of a multi-image request caused it (0-based), so a host can name it in its own terms (the CLI: the
    /// file); null for a one-image request or an error of the whole request.
    /// </summary>
    public int? ImageIndex { get; internal set; }

    /// <summary>When retrying may succeed (overload), how long a client should wait first; null when retrying won't help.</summary>
    public virtual TimeSpan? RetryAfter => null;

    /// <summary><see cref="RetryAfter"/> as every protocol states it: <see cref="WholeSeconds"/>.</summary>
    public long? RetryAfterSeconds => RetryAfter is { } delay ? WholeSeconds(delay) : null;

    /// <summary>Whole seconds, rounded up and at least 1 (RFC 9110's Retry-After): never an invitation to retry too early.</summary>
    public static long WholeSeconds(TimeSpan delay) => Math.Max(1, (long)Math.Ceiling(delay.TotalSeconds));
}
