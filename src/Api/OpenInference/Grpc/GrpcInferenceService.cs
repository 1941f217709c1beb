using Grpc.Core;
using Microsoft.Extensions.Options;
using ResNeXt.Api.Options;

namespace ResNeXt.Api.OpenInference.Grpc;

/// <summary>
/// The Open Inference Protocol over gRPC. Thin: <see cref="OpenInferenceService"/> holds the semantics,
/// <see cref="GrpcInferCodec"/> the wire format, <see cref="GrpcErrorInterceptor"/> the status codes.
/// </summary>
internal sealed class GrpcInferenceService(OpenInferenceService service, GrpcInferCodec codec, IOptions<LimitsOptions> limits, TimeProvider time)
    : GrpcInferenceBinding.ServiceBase
{
    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = service.IsReady });

    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ModelReadyResponse { Ready = service.IsModelReady(Required(request.Name, "name"), request.Version) });

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context)
    {
        var metadata = OpenInferenceService.ServerMetadata;
        var response = new ServerMetadataResponse { Name = metadata.Name, Version = metadata.Version };
        response.Extensions.AddRange(metadata.Extensions);
        return Task.FromResult(response);
    }

    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        var metadata = service.GetModelMetadata(Required(request.Name, "name"), request.Version);
        var response = new ModelMetadataResponse { Name = metadata.Name, Platform = metadata.Platform };
        response.Versions.AddRange(metadata.Versions);
        response.Inputs.AddRange(metadata.Inputs.Select(Describe));
        response.Outputs.AddRange(metadata.Outputs.Select(Describe));
        return Task.FromResult(response);
    }

    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        var model = Required(request.ModelName, "model_name");
        var (call, raw) = codec.Decode(request);
        var answer = await service.InferAsync(model, request.ModelVersion, call, Timeout(context), context.CancellationToken);
        return GrpcInferCodec.Encode(answer, raw);
    }

    /// <summary>proto3 cannot tell an unset string from an empty one; either way the request names no model.</summary>
    private static string Required(string name, string field) =>
        name.Length > 0 ? name : throw OpenInferenceException.Malformed($"The request's {field} is empty; it names the model, e.g. resnext50-32x4d.");

    /// <summary>The client's deadline becomes the engine's; one beyond Limits:MaxRequestTimeout is shortened to it, as none is.</summary>
    private TimeSpan? Timeout(ServerCallContext context)
    {
        if (context.Deadline == DateTime.MaxValue) return null;
        var left = context.Deadline - time.GetUtcNow().UtcDateTime;
        return left < limits.Value.MaxRequestTimeout ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : limits.Value.MaxRequestTimeout;
    }

    private static ModelMetadataResponse.Types.TensorMetadata Describe(TensorMetadata tensor)
    {
        var described = new ModelMetadataResponse.Types.TensorMetadata { Name = tensor.Name, Datatype = tensor.Datatype };
        described.Shape.AddRange(tensor.Shape);
        return described;
    }
}
