using System.CommandLine;
using System.Globalization;
using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Cli.Commands;

/// <summary>The number checks the commands share, each with one wording (file and folder paths: <see cref="PathOptions"/>).</summary>
internal static class OptionChecks
{
    /// <summary>
    /// Adds a check of the option's value: <paramref name="check"/> answers the error, or null when the value is fine.
    /// A value that does not parse (<c>--topk abc</c>) is not checked: reading it throws inside the parser, which ended
    /// the process with a stack trace, while unchecked the parser reports it as the usage error it is.
    /// </summary>
    public static void Check<T>(Option<T> option, Func<T, string?> check)
    {
        ArgumentNullException.ThrowIfNull(option);
        ArgumentNullException.ThrowIfNull(check);
        option.Validators.Add(result =>
        {
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return;
            }
            if (check(value) is { } error) result.AddError(error);
        });
    }

    public static void AtLeastOne(params Option<int>[] options)
    {
        foreach (var option in options)
            Check(option, value => value < 1 ? $"{option.Name} must be at least 1." : null);
    }

    /// <summary>Optional counts: absent is fine, given must be at least 1.</summary>
    public static void AtLeastOne(params Option<int?>[] options)
    {
        foreach (var option in options)
            Check(option, value => value is < 1 ? $"{option.Name} must be at least 1." : null);
    }

    /// <summary>
    /// A day: beyond any run these commands make, and far inside what a TimeSpan holds (Infinity or 1e308 seconds
    /// parsed as numbers and then overflowed TimeSpan).
    /// </summary>
    public static readonly double MaxSeconds = TimeSpan.FromDays(1).TotalSeconds;

    /// <summary>A millisecond: anything shorter rounds towards a zero TimeSpan, which a timeout or a duration cannot be.</summary>
    public const double MinSeconds = 0.001;

    /// <summary>Durations in seconds between <see cref="MinSeconds"/> and <see cref="MaxSeconds"/> (or 0, with <paramref name="allowZero"/>); NaN is refused.</summary>
    public static void Seconds(bool allowZero, params Option<double>[] options)
    {
        foreach (var option in options)
            Check(option, value => value <= MaxSeconds && (value >= MinSeconds || (allowZero && value == 0)) ? null
                : $"{option.Name} must be {(allowZero ? "0 or " : "")}{MinSeconds.ToString(CultureInfo.InvariantCulture)} to {MaxSeconds.ToString(CultureInfo.InvariantCulture)} seconds, not {value.ToString(CultureInfo.InvariantCulture)}.");
    }

    public static void NotNegative(params Option<int>[] options)
    {
        foreach (var option in options)
            Check(option, value => value < 0 ? $"{option.Name} must not be negative." : null);
    }

    /// <summary>
    /// A list of sizes (concurrencies, batch sizes): one or more values, each at least 1 and each named once. Every value
    /// becomes one point of the report, keyed by it, so a repeat would be a second point of the same thing and a
    /// duplicate key where the points are collected.
    /// </summary>
    public static void DistinctSizes(Option<int[]> option) => Sizes(option, int.MaxValue, "");

    /// <summary>
    /// Batch sizes: <see cref="DistinctSizes"/>, and at most what one forward pass's input can hold (one float array,
    /// indexed by int); larger ones overflowed that index after the engine had loaded.
    /// </summary>
    public static void BatchSizes(Option<int[]> option) =>
        Sizes(option, int.MaxValue / ImageNetPipeline.TensorLength, ", the most images one pass's input array can index");

    private static void Sizes(Option<int[]> option, int max, string maxReason) =>
        Check(option, values =>
            values is not { Length: > 0 } || values.Any(v => v < 1) ? $"{option.Name} needs one or more values of at least 1."
            : values.FirstOrDefault(v => v > max) is var tooLarge and > 0 ? $"{option.Name} {tooLarge} is more than {max}{maxReason}."
            : values.GroupBy(v => v).FirstOrDefault(same => same.Count() > 1) is { } repeated ? $"{option.Name} names {repeated.Key} more than once."
            : null);
}
