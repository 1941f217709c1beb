using System.Text.Json.Serialization;

namespace ResNeXt.Cli.LoadTesting;

/// <summary>MLPerf's two datacenter scenarios.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LoadScenario>))]
internal enum LoadScenario
{
    /// <summary>Closed loop at fixed concurrencies: how many images per second the service can do at all.</summary>
    Offline,

    /// <summary>The offline sweep, then open-loop Poisson arrivals: the highest rate whose p99 stays under a bound.</summary>
    Server,
}
