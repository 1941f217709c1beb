using ResNeXt.Api.Endpoints;
using ResNeXt.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddInference();
builder.AddApiServices();

var app = builder.Build();

app.UseApiPipeline();
app.MapDefaultEndpoints();
app.MapApiDocumentation();
app.MapModelEndpoints();
app.MapPredictEndpoints();
app.MapFeaturesEndpoints();

app.Run();
