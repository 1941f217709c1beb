using Microsoft.Extensions.Configuration;
using ResNeXt.Api.Extensions;

namespace ResNeXt.Api.Tests;

public sealed class ListenAddressTests
{
    private const string Default = "http://127.0.0.1:8080";

    [Fact]
    public void LoopbackDefaultAppliesWhenNothingChoseAnAddress()
    {
        var configuration = Build([]);

        ListenAddressExtensions.ApplyDefaultListenAddress(configuration);

        Assert.Equal(Default, configuration["urls"]);
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:9000")]
    [InlineData("http_ports", "9000")]
    [InlineData("https_ports", "9443")]
    public void AspNetCoreUrlsOrPortsWinOverTheDefault(string key, string value)
    {
        var configuration = Build(new() { [key] = value });

        ListenAddressExtensions.ApplyDefaultListenAddress(configuration);

        Assert.Equal(value, configuration[key]);
        Assert.NotEqual(Default, configuration["urls"]);
    }

    [Fact]
    public void WithoutAGrpcUrlTheAddressesStayAsTheyAre()
    {
        var configuration = Build(new() { ["urls"] = "http://+:8080" });

        ListenAddressExtensions.ApplyGrpcListenAddress(configuration);

        Assert.Equal("http://+:8080", configuration["urls"]);
        Assert.Empty(configuration.GetSection("Kestrel:Endpoints").GetChildren());
    }

    [Theory]
    [InlineData("urls", "http://+:8080;http://127.0.0.1:9000", new[] { "http://+:8080", "http://127.0.0.1:9000" })]
    [InlineData("http_ports", "8080", new[] { "http://*:8080" })]
    public void AGrpcUrlAddsAnHttp2EndpointAndKeepsTheMainAddresses(string key, string value, string[] main)
    {
        var configuration = Build(new() { [key] = value, ["OpenInference:GrpcUrl"] = "http://+:8081" });

        ListenAddressExtensions.ApplyGrpcListenAddress(configuration);

        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().ToDictionary(e => e.Key, e => e);
        Assert.Equal("http://+:8081", endpoints[ListenAddressExtensions.GrpcEndpointName]["Url"]);
        Assert.Equal("Http2", endpoints[ListenAddressExtensions.GrpcEndpointName]["Protocols"]);
        Assert.Equal(main, endpoints.Where(e => e.Key != ListenAddressExtensions.GrpcEndpointName).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value["Url"]));
        Assert.True(string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"]));
    }

    private static IConfigurationRoot Build(Dictionary<string, string?> values)
    {
        values[ListenAddressExtensions.DefaultUrlsKey] = Default;
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
