using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using ResNeXt.Api.Endpoints;
using ResNeXt.Api.OpenInference;
using ResNeXt.Api.OpenInference.Grpc;
using ResNeXt.Api.OpenInference.Rest;
using ResNeXt.Api.Options;

namespace ResNeXt.Api.Extensions;

/// <summary>The Open Inference Protocol (KServe V2): REST under /v2 and the gRPC service on its own endpoint.</summary>
public static class OpenInferenceServiceExtensions
{
    public static IHostApplicationBuilder AddOpenInference(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<OpenInferenceOptions, OpenInferenceOptionsValidator>().BindConfiguration(OpenInferenceOptions.SectionName);
        services.AddSingleton<OpenInferenceService>();
        services.AddSingleton<RestInferCodec>();
        services.AddSingleton<GrpcInferCodec>();
        services.AddGrpc(grpc => grpc.Interceptors.Add<GrpcErrorInterceptor>());
        // The same byte limit as REST; a larger message is refused with RESOURCE_EXHAUSTED before it is parsed.
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<LimitsOptions>>((grpc, limits) =>
            grpc.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, limits.Value.MaxRequestBytes));
        // Clients and probes may ask about the service by its name as well as the server as a whole (""): same answer.
        services.AddGrpcHealthChecks(health => health.Services.Map(GRPCInferenceService.Descriptor.FullName, _ => true));
        // Lets grpcurl and similar tools discover the service without the .proto file.
        services.AddGrpcReflection();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<OpenInferenceOptions>>((kestrel, openInference) =>
        {
            if (OpenInferenceOptions.PortOf(openInference.Value.GrpcUrl) is not { } grpcPort) return;
            kestrel.ConfigureEndpointDefaults(listen =>
            {
                if (listen.IPEndPoint?.Port == grpcPort) listen.Protocols = HttpProtocols.Http2;
            });
        });
        builder.UseGrpcListenAddress();
        return builder;
    }

    public static WebApplication MapOpenInference(this WebApplication app)
    {
        app.MapOpenInferenceEndpoints();
        app.MapGrpcService<GrpcInferenceService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
