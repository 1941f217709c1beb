using System.Reflection;
using Microsoft.Extensions.Options;
using ResNeXt.Api.Endpoints;
using ResNeXt.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddInference();
builder.AddApiServices();
builder.AddOpenInference();

try
{
    var app = builder.Build();

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
catch (OptionsValidationException error) when (Assembly.GetEntryAssembly() == typeof(Program).Assembly)
{
    // Settings are validated while the host builds (Kestrel's limits) and starts (the rest): one plain line and a
    // distinct exit code let a supervisor, or a person, tell a setting to fix from a crash. Only when this process is
    // the service: a test host that runs this Main (WebApplicationFactory) wants the exception itself.
    const int InvalidConfiguration = 2;
    await Console.Error.WriteLineAsync($"error: invalid configuration: {string.Join(" ", error.Failures)}");
    return InvalidConfiguration;
}
