using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using ResNeXt.Api.OpenInference.Grpc;
using ResNeXt.Api.Tests.RealEngine;
using ResNeXt.Inference.Tests.Pipeline;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Api.Tests.OpenInference;

/// <summary>The Open Inference Protocol over gRPC through the generated .NET client, in process, against PyTorch's numbers.</summary>
[Collection(RealEngineCollection.Name)]
public sealed class OpenInferenceGrpcTests(RealEngineFactory factory) : IClassFixture<RealEngineFactory>, IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(factory.Server.BaseAddress,
        new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler(), MaxSendMessageSize = null });

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private GRPCInferenceService.GRPCInferenceServiceClient Client => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task HealthAndMetadataAnswer()
    {
        PipelineReference.Load();
        var live = await Client.ServerLiveAsync(new ServerLiveRequest(), cancellationToken: Cancellation);
        var server = await Client.ServerMetadataAsync(new ServerMetadataRequest(), cancellationToken: Cancellation);
        var model = await Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "tiny" }, cancellationToken: Cancellation);

        Assert.True(live.Live);
        Assert.Contains("binary_tensor_data", server.Extensions);
        Assert.Contains("classification", server.Extensions);
        Assert.Equal(["image", "input"], model.Inputs.Select(i => i.Name));
        Assert.Equal([-1L, 3, 224, 224], model.Inputs[1].Shape);
        Assert.Equal(["probabilities", "logits", "features"], model.Outputs.Select(o => o.Name));
        var notFound = await Assert.ThrowsAsync<RpcException>(() => Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "nope" }, cancellationToken: Cancellation).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
    }

    [Fact]
    public async Task ReflectionAndHealthCheckingAreServed()
    {
        PipelineReference.Load();
        var reflection = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(_channel);
        using var call = reflection.ServerReflectionInfo(cancellationToken: Cancellation);
        await call.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "" }, Cancellation);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(Cancellation));
        var health = await new Grpc.Health.V1.Health.HealthClient(_channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), cancellationToken: Cancellation);

        Assert.Contains("inference.GRPCInferenceService", call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
        Assert.NotEqual(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Unknown, health.Status);
    }

    [Fact]
    public async Task RawContentsGetPyTorchsNumbersAndClassification()
    {
        var reference = PipelineReference.Load();
        int[] images = [6, 13, 0];
        var request = new ModelInferRequest { ModelName = "tiny", Id = "grpc-7" };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "image", Datatype = "BYTES", Shape = { images.Length } });
        request.RawInputContents.Add(ByteString.CopyFrom(V2Requests.LengthPrefixed(images.Select(reference.ImageBytes))));
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "features" });
        var top = new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "probabilities" };
        top.Parameters["classification"] = new InferParameter { Int64Param = 3 };
        request.Outputs.Add(top);
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "logits" });

        var response = await Client.ModelInferAsync(request, deadline: DateTime.UtcNow.AddMinutes(2), cancellationToken: Cancellation);

        Assert.Equal("grpc-7", response.Id);
        Assert.Equal("tiny", response.ModelName);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(factory.CheckpointPath)))[..8], response.ModelVersion);
        Assert.Equal(3, response.RawOutputContents.Count);
        V2Requests.AssertRows(reference.Rows(PipelineReference.Tiny, "neck"), images,
            V2Requests.Rows(V2Requests.Floats(response.RawOutputContents[0].Span), images.Length), relative: true);
        V2Requests.AssertRows(reference.Rows(PipelineReference.Tiny, "logits"), images,
            V2Requests.Rows(V2Requests.Floats(response.RawOutputContents[2].Span), images.Length), relative: true);
        Assert.Equal("BYTES", response.Outputs[1].Datatype);
        Assert.Equal([images.Length, 3L], response.Outputs[1].Shape);
        var softmax = reference.Rows(PipelineReference.Tiny, "softmax");
        Assert.Equal(images.SelectMany(i => ArrayErrors.TopLabels(softmax[i], 3)), IndicesOf(response.RawOutputContents[1].ToByteArray()));
    }

    [Fact]
    public async Task TypedContentsAnswerTypedContents()
    {
        var reference = PipelineReference.Load();
        int[] images = [8, 10];
        var request = new ModelInferRequest { ModelName = "tiny" };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "image", Datatype = "BYTES", Shape = { images.Length, 1 }, Contents = new InferTensorContents() };
        input.Contents.BytesContents.AddRange(images.Select(i => ByteString.CopyFrom(reference.ImageBytes(i))));
        request.Inputs.Add(input);

        var response = await Client.ModelInferAsync(request, cancellationToken: Cancellation);

        Assert.Empty(response.RawOutputContents);
        Assert.Equal(["probabilities", "logits"], response.Outputs.Select(o => o.Name));
        V2Requests.AssertRows(reference.Rows(PipelineReference.Tiny, "softmax"), images,
            V2Requests.Rows([.. response.Outputs[0].Contents.Fp32Contents], images.Length), relative: false);
    }

    /// <summary>PyTorch's own preprocessed tensor as raw FP32 is answered like its encoded image through /v1.</summary>
    [Fact]
    public async Task RawFp32TensorIsAnsweredLikeTheEncodedImage()
    {
        PipelineReference.Load();
        var image = Inference.Tests.Preprocessing.PreprocessingReference.Load().Images.First(i => i.File == "rgb_375x500.png");
        var tensor = Inference.Tests.Preprocessing.PreprocessingReference.Array(image.Input).AsFloat32();
        var request = new ModelInferRequest { ModelName = "tiny" };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32", Shape = { 1, 3, 224, 224 } });
        request.RawInputContents.Add(ByteString.CopyFrom(V2Requests.LittleEndian(tensor)));
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "probabilities" });
        using var http = factory.CreateClient();

        var response = await Client.ModelInferAsync(request, cancellationToken: Cancellation);
        using var v1 = await http.PostAsync(ReferenceUploads.PredictPath(),
            ReferenceUploads.Raw(Inference.Tests.Preprocessing.PreprocessingReference.Bytes(image.File), image.File), Cancellation);

        var expected = ReferenceUploads.Floats((await Infrastructure.ApiAssert.SuccessJsonAsync(v1)).GetProperty("predictions")[0].GetProperty("pred_scores"));
        var error = ArrayErrors.MaxAbs(expected, V2Requests.Floats(response.RawOutputContents[0].Span));
        Assert.True(error <= ReferenceUploads.ScoresMaxAbsError, $"max abs error {error}");
    }

    [Fact]
    public async Task KnownFailuresHaveTheirStatusCodes()
    {
        var reference = PipelineReference.Load();
        var image = ByteString.CopyFrom(reference.ImageBytes(0));

        var unknownModel = await StatusOf(Request("no-such-model", "image", "BYTES", [1], c => c.BytesContents.Add(image)));
        var wrongDatatype = await StatusOf(Request("tiny", "image", "FP32", [1], c => c.Fp32Contents.Add(1)));
        var wrongField = await StatusOf(Request("tiny", "input", "FP32", [1, 3, 224, 224], c => c.BytesContents.Add(image)));
        var nan = await StatusOf(Request("tiny", "input", "FP32", [1, 3, 224, 224], c => c.Fp32Contents.AddRange(Enumerable.Repeat(float.NaN, 3 * 224 * 224))));
        var notCatalogued = await StatusOf(Request(PipelineReference.CatalogueModel, "image", "BYTES", [1], c => c.BytesContents.Add(image)));
        var tooLarge = await StatusOf(Request("tiny", "image", "BYTES", [1], c => c.BytesContents.Add(ByteString.CopyFrom(new byte[21 * 1024 * 1024]))));

        Assert.Equal(StatusCode.NotFound, unknownModel.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, wrongDatatype.StatusCode);
        Assert.Contains("'image'", wrongDatatype.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, wrongField.StatusCode);
        Assert.Contains("fp32_contents", wrongField.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, nan.StatusCode);
        Assert.Contains("NaN", nan.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unavailable, notCatalogued.StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, tooLarge.StatusCode);
        Assert.Empty(factory.Errors.Entries);
    }

    /// <summary>
    /// An empty name was NOT_FOUND "Unknown model ''"; a long one was echoed whole into the status trailer, which
    /// grpc-core clients refuse beyond 8 KiB, so they saw RESOURCE_EXHAUSTED instead of NOT_FOUND.
    /// </summary>
    [Fact]
    public async Task AnEmptyModelNameIsInvalidAndALongOneIsShortenedInTheStatus()
    {
        var reference = PipelineReference.Load();
        var image = ByteString.CopyFrom(reference.ImageBytes(0));
        var longName = new string('a', 8000);

        var emptyInfer = await StatusOf(Request("", "image", "BYTES", [1], c => c.BytesContents.Add(image)));
        var emptyMetadata = await Assert.ThrowsAsync<RpcException>(() => Client.ModelMetadataAsync(new ModelMetadataRequest(), cancellationToken: Cancellation).ResponseAsync);
        var emptyReady = await Assert.ThrowsAsync<RpcException>(() => Client.ModelReadyAsync(new ModelReadyRequest(), cancellationToken: Cancellation).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Client.ModelMetadataAsync(new ModelMetadataRequest { Name = longName }, cancellationToken: Cancellation).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, emptyInfer.StatusCode);
        Assert.Contains("model_name is empty", emptyInfer.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, emptyMetadata.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, emptyReady.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(GrpcErrorInterceptor.MaxMessageLength, unknown.Status.Detail.Length);
        Assert.StartsWith("Unknown model 'aaaa", unknown.Status.Detail, StringComparison.Ordinal);
        Assert.EndsWith("tiny.", unknown.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(factory.Errors.Entries);
    }

    /// <summary>
    /// Bytes that are not the request message (a client with another .proto, a broken proxy) were UNKNOWN "Exception was
    /// thrown by handler" and an error in the server's log: grpc-dotnet parses before any interceptor sees the call.
    /// </summary>
    [Theory]
    [InlineData(new byte[] { 0x0a, 0x10, (byte)'t', (byte)'i', (byte)'n', (byte)'y' })]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff })]
    [InlineData(new byte[] { 0x0a, 0x02, 0xff, 0xfe })]
    public async Task ARequestThatIsNotProtobufIsInvalidArgument(byte[] body)
    {
        PipelineReference.Load();
        var raw = new Marshaller<byte[]>(bytes => bytes, bytes => bytes);
        var method = new Method<byte[], byte[]>(MethodType.Unary, GRPCInferenceService.Descriptor.FullName, "ModelInfer", raw, raw);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.CreateCallInvoker().AsyncUnaryCall(method, host: null, new CallOptions(cancellationToken: Cancellation), body).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("not a valid ModelInferRequest message", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(factory.Errors.Entries);
    }

    [Fact]
    public async Task HealthCheckingAnswersForTheInferenceServiceByName()
    {
        PipelineReference.Load();
        var health = new Grpc.Health.V1.Health.HealthClient(_channel);

        var named = await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest { Service = GRPCInferenceService.Descriptor.FullName }, cancellationToken: Cancellation);
        var server = await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), cancellationToken: Cancellation);
        var other = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest { Service = "no.such.Service" }, cancellationToken: Cancellation).ResponseAsync);

        Assert.Equal(server.Status, named.Status);
        Assert.NotEqual(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Unknown, named.Status);
        Assert.Equal(StatusCode.NotFound, other.StatusCode);
    }

    /// <summary>
    /// A second implementation of gRPC and protobuf reads and writes the same bytes: Python's, from Debian; then the
    /// client's deadline over the same socket.
    /// </summary>
    [Fact]
    public async Task PythonGrpcClientGetsPyTorchsNumbers()
    {
        var reference = PipelineReference.Load();
        var python = new PythonRequirement("/usr/bin/python3", "grpc, google.protobuf", "python3-grpcio python3-protobuf");
        python.Require();
        if (!File.Exists("/usr/bin/protoc") || !File.Exists("/usr/bin/grpc_python_plugin"))
        {
            ReferenceData.Unavailable("protoc and grpc_python_plugin are missing (install protobuf-compiler protobuf-compiler-grpc).");
        }
        await using var server = new GrpcEngineFactory();
        await server.InitializeAsync();
        var stubs = Directory.CreateTempSubdirectory("v2-python-stubs-").FullName;
        try
        {
            var protos = Path.Combine(AppContext.BaseDirectory, "OpenInference");
            await RunAsync("/usr/bin/protoc", ["-I", protos, $"--python_out={stubs}", $"--grpc_out={stubs}",
                "--plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin", Path.Combine(protos, "inference.proto")]);
            int[] images = [2, 15];
            var paths = images.Select(i => ReferenceData.Require(PipelineReference.Folder, reference.Images[i]));
            var output = await RunAsync(python.Interpreter,
                [Path.Combine(protos, "v2_grpc_client.py"), stubs, server.Target, RealEngineFactory.Model, .. paths]);

            var result = JsonDocument.Parse(output).RootElement;
            Assert.True(result.GetProperty("live").GetBoolean());
            Assert.True(result.GetProperty("model_ready").GetBoolean());
            Assert.Contains("classification", result.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("python-1", result.GetProperty("id").GetString());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(server.CheckpointPath)))[..8], result.GetProperty("model_version").GetString());
            Assert.Equal(["FP32", "BYTES"], result.GetProperty("datatypes").EnumerateArray().Select(d => d.GetString()));
            var softmax = reference.Rows(PipelineReference.Tiny, "softmax");
            V2Requests.AssertRows(softmax, images, Rows(result.GetProperty("probabilities")), relative: false);
            V2Requests.AssertRows(softmax, images, Rows(result.GetProperty("typed_probabilities")), relative: false);
            Assert.Equal(images.SelectMany(i => ArrayErrors.TopLabels(softmax[i], 2)),
                result.GetProperty("classification").EnumerateArray().Select(s => int.Parse(s.GetString()!.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal("NOT_FOUND", result.GetProperty("errors").GetProperty("unknown_model").GetString());
            Assert.Equal("INVALID_ARGUMENT", result.GetProperty("errors").GetProperty("wrong_datatype").GetString());

            // Over a real HTTP/2 socket (the in-memory test server resets a call whose deadline fires mid-request).
            using var channel = GrpcChannel.ForAddress($"http://{server.Target}");
            var expired = await Assert.ThrowsAsync<RpcException>(() => new GRPCInferenceService.GRPCInferenceServiceClient(channel).ModelInferAsync(
                Request("tiny", "image", "BYTES", [1], c => c.BytesContents.Add(ByteString.CopyFrom(reference.ImageBytes(6)))),
                deadline: DateTime.UtcNow.AddMilliseconds(5), cancellationToken: Cancellation).ResponseAsync);
            Assert.Equal(StatusCode.DeadlineExceeded, expired.StatusCode);
            Assert.Empty(server.Errors.Entries);
        }
        finally
        {
            Directory.Delete(stubs, recursive: true);
        }
    }

    private static float[][] Rows(JsonElement rows) => [.. rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray())];

    private static ModelInferRequest Request(string model, string name, string datatype, long[] shape, Action<InferTensorContents> fill)
    {
        var input = new ModelInferRequest.Types.InferInputTensor { Name = name, Datatype = datatype, Contents = new InferTensorContents() };
        input.Shape.AddRange(shape);
        fill(input.Contents);
        return new ModelInferRequest { ModelName = model, Inputs = { input } };
    }

    private async Task<RpcException> StatusOf(ModelInferRequest request) =>
        await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(request, cancellationToken: Cancellation).ResponseAsync);

    private static IEnumerable<int> IndicesOf(byte[] raw)
    {
        var at = 0;
        while (at < raw.Length)
        {
            var length = BitConverter.ToInt32(raw, at);
            yield return int.Parse(Encoding.UTF8.GetString(raw, at + 4, length).Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
            at += 4 + length;
        }
    }

    private static async Task<string> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Cancellation);
        var error = process.StandardError.ReadToEndAsync(Cancellation);
        await process.WaitForExitAsync(Cancellation);
        Assert.True(process.ExitCode == 0, $"{program} exited with {process.ExitCode}: {await error}");
        return await output;
    }
}
