using System.Reflection;
using Microsoft.Extensions.Options;
using ResNeXt.Api.Endpoints;
using ResNeXt.Api.Extensions;
using ResNeXt.Api.Lifecycle;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddServiceDefaults();
    builder.AddInference();
    builder.AddApiServices();
    builder.AddOpenInference();

    var app = builder.Build();
    // The host would validate the options too, but only after logging the failure as "Hosting failed to start" with
    // its stack trace, burying the one line below; settings are checked here first instead.
    app.Services.GetRequiredService<IStartupValidator>().Validate();

    app.UseApiPipeline();
    app.MapDefaultEndpoints();
    app.MapApiDocumentation();
    app.MapModelEndpoints();
    app.MapPredictEndpoints();
    app.MapFeaturesEndpoints();
    app.MapOpenInference();

    await app.RunAsync();
    return 0;
}
catch (Exception error) when (Assembly.GetEntryAssembly() == typeof(Program).Assembly && StartupErrors.Describe(error) is { } message)
{
    // Settings are checked while the builder is set up (listen addresses), the host builds (Kestrel's limits) and
    // starts (the rest): one plain line and a distinct exit code let a supervisor, or a person, tell a setting to fix
    // from a crash. Only when this process is the service: a test host that runs this Main (WebApplicationFactory)
    // wants the exception itself.
    await Console.Error.WriteLineAsync($"error: {message}");
    return StartupErrors.InvalidConfiguration;
}
