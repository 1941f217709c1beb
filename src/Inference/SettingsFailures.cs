using System.Reflection;
using Microsoft.Extensions.Options;

namespace ResNeXt.Inference;

/// <summary>
/// Options-validation failures in the words of the configuration a person wrote. The attributes' default messages name
/// the C# property ("MaxBatchSize: The field BatchingOptions.MaxBatchSize must be between 1 and 256."); every options
/// class here declares its <c>SectionName</c>, so the failure can name the key instead ("Batching:MaxBatchSize must be
/// between 1 and 256.").
/// </summary>
public static class SettingsFailures
{
    private const string SectionNameField = "SectionName";
    private const string FieldPhrase = "The field ";

    public static string Describe(OptionsValidationException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var section = error.OptionsType.GetField(SectionNameField, BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string;
        return string.Join(" ", error.Failures.Select(failure => section is null ? failure : Reword(failure, error.OptionsType.Name, section)));
    }

    private static string Reword(string failure, string typeName, string section)
    {
        // "Member: message" or "Member, Other: message", as the generated validators write it.
        var colon = failure.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0)
            return failure;
        var members = failure[..colon];
        var message = failure[(colon + 2)..];
        if (message.Contains($"{section}:", StringComparison.Ordinal))
            return message; // a message of ours, which names its keys already
        if (members.Contains(' ', StringComparison.Ordinal))
            return failure;
        var field = $"{FieldPhrase}{typeName}.{members}";
        return message.StartsWith(field, StringComparison.Ordinal) ? $"{section}:{members}{message[field.Length..]}" : $"{section}:{members}: {message}";
    }
}
