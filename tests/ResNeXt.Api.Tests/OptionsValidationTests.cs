using Microsoft.Extensions.Options;
using ResNeXt.Api.Tests.Infrastructure;

namespace ResNeXt.Api.Tests;

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Limits:MaxImagesPerRequest", "0")]
    [InlineData("Limits:MaxRequestBytes", "-1")]
    [InlineData("Limits:MaxRequestTimeout", "00:00:00")]
    [InlineData("Security:AdminApiKey", "short")]
    public void BadSettingStopsTheServiceAtStart(string key, string value)
    {
        using var factory = new ApiFactory { Settings = new Dictionary<string, string?> { [key] = value } };

        var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(key.Split(':')[1], failure.Message);
    }
}
