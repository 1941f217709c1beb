using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ResNeXt.Api.Tests.Fakes;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Api.Tests.Infrastructure;

/// <summary>
/// The real API with the engine swapped for deterministic fakes and small limits, so every refusal is cheap to
/// provoke. Extra settings (an admin key, a bad limit) come in through <see cref="Settings"/>.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public const int MaxImages = 3;
    public const int MaxRequestBytes = 64 * 1024;

    /// <summary>Configuration keys and values applied over appsettings.json.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    public FakeImageClassifier Classifier { get; } = new();

    public FakeModelRegistry Registry { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Limits:MaxImagesPerRequest", MaxImages.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Limits:MaxRequestBytes", MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Batching:MaxBatchSize", "8");
        // Nothing balances load in front of the test server: waiting for a load balancer would only slow each stop.
        builder.UseSetting("Shutdown:GracePeriod", "00:00:00");
        builder.UseSetting("Batching:MaxDelay", "00:00:00.005");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IImageClassifier>();
            services.RemoveAll<IModelRegistry>();
            services.AddSingleton<IImageClassifier>(Classifier);
            services.AddSingleton<IModelRegistry>(Registry);
        });
    }
}
