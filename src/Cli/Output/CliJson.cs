using System.Text.Json;

namespace ResNeXt.Cli.Output;

/// <summary>The one JSON shape convention of <c>--json</c>: camelCase (as the API's bodies), indented.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Write<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, SerializerOptions));
}
