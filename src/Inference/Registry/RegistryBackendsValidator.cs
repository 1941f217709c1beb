using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ResNeXt.Inference.Engine;

namespace ResNeXt.Inference.Registry;

/// <summary>
/// Checks the backends as written, which the bound <see cref="RegistryOptions"/> cannot show: the configuration binder
/// drops a <c>Models:Backends:NAME</c> entry it cannot convert (the model was then served by the default backend without
/// a word) and turns any number into an <see cref="EngineBackend"/> (<c>Models:Backend=9</c> was served as onnxruntime).
/// Only the names <see cref="EngineBackendNames"/> knows are accepted.
/// </summary>
public sealed class RegistryBackendsValidator(IConfiguration configuration) : IValidateOptions<RegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistryOptions options)
    {
        var section = configuration.GetSection(RegistryOptions.SectionName);
        var written = new List<(string Key, string? Value)>
        {
            ($"{RegistryOptions.SectionName}:{nameof(RegistryOptions.Backend)}", section[nameof(RegistryOptions.Backend)]),
        };
        written.AddRange(section.GetSection(nameof(RegistryOptions.Backends)).GetChildren()
            .Select(entry => ($"{RegistryOptions.SectionName}:{nameof(RegistryOptions.Backends)}:{entry.Key}", entry.Value)));
        var failures = written
            .Where(entry => entry.Value is not null && !EngineBackendNames.TryParse(entry.Value, out _))
            .Select(entry => $"{entry.Key} is '{entry.Value}'; the backends are {string.Join(" and ", EngineBackendNames.All)}.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
