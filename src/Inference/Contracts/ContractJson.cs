using System.Text.Json;
using System.Text.Json.Serialization;

namespace ResNeXt.Inference.Contracts;

/// <summary>
/// The one serializer configuration of the contract records, shared by the HTTP API's bodies and the CLI's
/// <c>--json</c>, so both print the same document for the same answer: snake_case everywhere, enums included, so the
/// JSON reads like mmpretrain's Python outputs; otherwise ASP.NET Core's web defaults (compact, default escaping).
/// </summary>
public static class ContractJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Applies the contract's conventions to options someone else created (ASP.NET Core's HTTP JSON options).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
