namespace ResNeXt.Api.OpenInference;

/// <summary>The Open Inference Protocol (KServe V2). REST always shares the main port; gRPC needs an endpoint of its own.</summary>
public sealed class OpenInferenceOptions
{
    public const string SectionName = "OpenInference";

    /// <summary>
    /// Where gRPC listens, as <c>http://host:port</c> (HTTP/2 without TLS, "h2c"); empty turns the gRPC endpoint off.
    /// It cannot share the main port: without TLS a port speaks either HTTP/1.1 or HTTP/2, and browsers need the first.
    /// </summary>
    public string? GrpcUrl { get; set; }

    /// <summary>The port of a gRPC URL (validated at start), null when gRPC is off.</summary>
    public static int? PortOf(string? grpcUrl)
    {
        if (string.IsNullOrEmpty(grpcUrl)) return null;
        var separator = grpcUrl.LastIndexOf(':');
        return int.TryParse(grpcUrl.AsSpan(separator + 1).TrimEnd('/'), out var port) ? port : null;
    }
}
