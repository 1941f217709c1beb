using System.CommandLine;

namespace ResNeXt.Cli.Commands;

/// <summary>
/// The check of an option that takes a list of sizes (batch sizes, concurrencies): one or more values, each at least 1
/// and each named once. Every value becomes one point of the report, keyed by it, so a repeat would be a second point of
/// the same thing and a duplicate key where the points are collected.
/// </summary>
internal static class SizeListValidation
{
    public static void Add(Option<int[]> option)
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
