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

    private static IConfigurationRoot Build(Dictionary<string, string?> values)
    {
        values[ListenAddressExtensions.DefaultUrlsKey] = Default;
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
