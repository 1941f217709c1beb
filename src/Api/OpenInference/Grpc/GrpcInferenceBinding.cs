using Google.Protobuf;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Grpc.Core;

namespace ResNeXt.Api.OpenInference.Grpc;

/// <summary>
/// Binds <c>inference.GRPCInferenceService</c> as the generated code would, except that a request which is not valid
/// protobuf is INVALID_ARGUMENT. grpc-dotnet parses a request before any interceptor runs, so with the generated
/// marshallers a truncated or garbled message (or a string that is not UTF-8) surfaced as UNKNOWN "Exception was thrown
/// by handler" and an error log, a client's mistake reported as the server's. grpc-dotnet passes on the status of an
/// <see cref="RpcException"/> thrown while parsing, so the parsing here throws one.
/// </summary>
/// <remarks>
/// grpc-dotnet finds <see cref="BindService"/> through the attribute on <see cref="ServiceBase"/>, and server reflection
/// finds <see cref="Descriptor"/> on the type that declares the service's base class: the generated client and the
/// .proto stay the contract.
/// </remarks>
public static class GrpcInferenceBinding
{
    public static ServiceDescriptor Descriptor => GRPCInferenceService.Descriptor;

    /// <summary>What <see cref="GrpcInferenceService"/> implements: the generated base class's methods.</summary>
    [BindServiceMethod(typeof(GrpcInferenceBinding), nameof(BindService))]
    public abstract class ServiceBase
    {
        public abstract Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context);

        public abstract Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context);

        public abstract Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context);

        public abstract Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context);

        public abstract Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context);

        public abstract Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context);
    }

    /// <summary>
    /// Called by grpc-dotnet, always with a null service: it finds each handler by the method's name on the service
    /// type, so the binder gets no handler delegate.
    /// </summary>
    public static void BindService(ServiceBinderBase binder, ServiceBase? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        Add<ServerLiveRequest, ServerLiveResponse>(binder, nameof(ServiceBase.ServerLive), ServerLiveRequest.Parser);
        Add<ServerReadyRequest, ServerReadyResponse>(binder, nameof(ServiceBase.ServerReady), ServerReadyRequest.Parser);
        Add<ModelReadyRequest, ModelReadyResponse>(binder, nameof(ServiceBase.ModelReady), ModelReadyRequest.Parser);
        Add<ServerMetadataRequest, ServerMetadataResponse>(binder, nameof(ServiceBase.ServerMetadata), ServerMetadataRequest.Parser);
        Add<ModelMetadataRequest, ModelMetadataResponse>(binder, nameof(ServiceBase.ModelMetadata), ModelMetadataRequest.Parser);
        Add<ModelInferRequest, ModelInferResponse>(binder, nameof(ServiceBase.ModelInfer), ModelInferRequest.Parser);
    }

    private static void Add<TRequest, TResponse>(ServiceBinderBase binder, string name, MessageParser<TRequest> parser)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        binder.AddMethod(new Method<TRequest, TResponse>(MethodType.Unary, Descriptor.FullName, name, Request(parser), Response<TResponse>()),
            (UnaryServerMethod<TRequest, TResponse>)null!);

    private static Marshaller<T> Request<T>(MessageParser<T> parser) where T : class, IMessage<T> =>
        Marshallers.Create(Serialize, context =>
        {
            try
            {
                return parser.ParseFrom(context.PayloadAsReadOnlySequence());
            }
            catch (InvalidProtocolBufferException error)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"The request is not a valid {typeof(T).Name} message: {error.Message}"));
            }
        });

    private static Marshaller<T> Response<T>() where T : class, IMessage<T> =>
        Marshallers.Create<T>(Serialize, _ => throw new NotSupportedException("The server never reads its own responses."));

    private static void Serialize<T>(T message, SerializationContext context) where T : IMessage<T>
    {
        context.SetPayloadLength(message.CalculateSize());
        message.WriteTo(context.GetBufferWriter());
        context.Complete();
    }
}
