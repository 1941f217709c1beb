using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using ResNeXt.Api.Lifecycle;
using ResNeXt.Api.OpenInference;
using ResNeXt.Api.Tests.RealEngine;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.Tests;

public sealed class StartupGuideTests
{
    [Fact]
    public async Task EveryBoundAddressIsPrintedWithTheDemoPageSwaggerAndAFirstCurl()
    {
        var server = new AddressedServer("http://127.0.0.1:8080", "http://[::1]:5123/");
        using var logs = new RecordingLoggerProvider(LogLevel.Information);
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));

        await new StartupGuide(server, factory.CreateLogger<StartupGuide>(), Microsoft.Extensions.Options.Options.Create(new OpenInferenceOptions())).StartedAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, logs.Entries.Count);
        var first = logs.Entries.First();
        Assert.Contains("demo page http://127.0.0.1:8080/ ", first);
        Assert.Contains("Swagger UI http://127.0.0.1:8080/swagger", first);
        Assert.Contains($"curl -F image=@photo.jpg http://127.0.0.1:8080/v1/models/{ModelCatalog.DefaultModel}/predict", first);
        Assert.Contains("http://[::1]:5123/swagger", logs.Entries.Last());
    }

    [Fact]
    public async Task TheGrpcAddressIsNamedAsSuchWithoutACurlLine()
    {
        var server = new AddressedServer("http://127.0.0.1:8080", "http://127.0.0.1:8081");
        using var logs = new RecordingLoggerProvider(LogLevel.Information);
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var options = Microsoft.Extensions.Options.Options.Create(new ResNeXt.Api.OpenInference.OpenInferenceOptions { GrpcUrl = "http://+:8081" });

        await new StartupGuide(server, factory.CreateLogger<StartupGuide>(), options).StartedAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, logs.Entries.Count);
        Assert.Contains("curl", logs.Entries.First());
        Assert.Contains("gRPC", logs.Entries.Last());
        Assert.DoesNotContain("curl", logs.Entries.Last());
    }

    private sealed class AddressedServer : IServer
    {
        public AddressedServer(params string[] addresses)
        {
            var feature = new ServerAddressesFeature();
            foreach (var address in addresses) feature.Addresses.Add(address);
            Features.Set<IServerAddressesFeature>(feature);
        }

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull =>
            Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
