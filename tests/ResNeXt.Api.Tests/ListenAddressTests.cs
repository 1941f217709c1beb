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
    }

    [Theory]
    [InlineData("urls", "http://+:8080;http://127.0.0.1:9000", "http://+:8080;http://127.0.0.1:9000;http://+:8081")]
    [InlineData("http_ports", "8080", "http://*:8080;http://+:8081")]
    public void AGrpcUrlIsListenedOnBesideTheMainAddresses(string key, string value, string expected)
    {
        var configuration = Build(new() { [key] = value, ["OpenInference:GrpcUrl"] = "http://+:8081" });

        ListenAddressExtensions.ApplyGrpcListenAddress(configuration);

        Assert.Equal(expected, configuration["urls"]);
        Assert.True(string.IsNullOrEmpty(configuration["http_ports"]));
    }

    [Theory]
    [InlineData("urls", "http://127.0.0.1:8080;http://[::1]:8080;http://localhost:5000;http://*:80;http://+:80;http://0.0.0.0:9000")]
    [InlineData("urls", "http://unix:/run/resnext.sock;https://[::]:443/")]
    [InlineData("http_ports", "8080;9000")]
    public void AddressesThatMeanWhatTheySayAreAccepted(string key, string value)
    {
        Assert.Null(ListenAddressExtensions.Refusal(Build(new() { [key] = value })));
    }

    /// <summary>
    /// Kestrel read http://127.0.0.1:abc as the host "127.0.0.1:abc" on port 80 and, that not being an IP address,
    /// listened on every interface: a loopback address with a typo in its port became a public one.
    /// </summary>
    [Theory]
    [InlineData("urls", "http://127.0.0.1:abc", "'abc' is not a port number")]
    [InlineData("urls", "http://127.0.0.1:8080;http://127.0.0.1:70000", "'70000' is not a port number")]
    [InlineData("urls", "http://myhost:8080", "'myhost' is not an IP address, localhost, * or +")]
    [InlineData("urls", "127.0.0.1:8080", "it has no scheme")]
    [InlineData("http_ports", "abc", "ASPNETCORE_HTTP_PORTS entry 'abc' is not a port number")]
    [InlineData("https_ports", "-1", "ASPNETCORE_HTTPS_PORTS entry '-1' is not a port number")]
    // Listened on every interface, port 1878.
    [InlineData("urls", "http://[::1:1878", "its IPv6 address has no closing ']'")]
    // The gRPC address is listened on too; it escaped the host check.
    [InlineData("OpenInference:GrpcUrl", "http://example:18781", "OpenInference:GrpcUrl 'http://example:18781': 'example' is not an IP address")]
    public void AddressesKestrelWouldReadAsSomethingElseAreRefused(string key, string value, string reason)
    {
        Assert.Contains(reason, ListenAddressExtensions.Refusal(Build(new() { [key] = value })), StringComparison.Ordinal);
    }

    private static IConfigurationRoot Build(Dictionary<string, string?> values)
    {
        values[ListenAddressExtensions.DefaultUrlsKey] = Default;
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
