using System.CommandLine;

namespace ResNeXt.Cli.Commands;

/// <summary>The number checks the commands share, each with one wording (file and folder paths: <see cref="PathOptions"/>).</summary>
internal static class OptionChecks
{
    public static void AtLeastOne(params Option<int>[] options)
    {
        foreach (var option in options)
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 1) result.AddError($"{option.Name} must be at least 1.");
            });
    }

    /// <summary>Optional counts: absent is fine, given must be at least 1.</summary>
    public static void AtLeastOne(params Option<int?>[] options)
    {
        foreach (var option in options)
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int?>() is < 1) result.AddError($"{option.Name} must be at least 1.");
            });
    }

    public static void NotNegative(params Option<int>[] options)
    {
        foreach (var option in options)
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 0) result.AddError($"{option.Name} must not be negative.");
            });
    }

    /// <summary>
    /// A list of sizes (batch sizes, concurrencies): one or more values, each at least 1 and each named once. Every value
    /// becomes one point of the report, keyed by it, so a repeat would be a second point of the same thing and a
    /// duplicate key where the points are collected.
    /// </summary>
    public static void DistinctSizes(Option<int[]> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            var values = result.GetValueOrDefault<int[]>();
            if (values is not { Length: > 0 } || values.Any(v => v < 1))
                result.AddError($"{option.Name} needs one or more values of at least 1.");
            else if (values.GroupBy(v => v).FirstOrDefault(same => same.Count() > 1) is { } repeated)
                result.AddError($"{option.Name} names {repeated.Key} more than once.");
        });
    }
}
