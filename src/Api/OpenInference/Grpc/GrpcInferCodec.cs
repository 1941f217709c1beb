using Google.Protobuf;

namespace ResNeXt.Api.OpenInference.Grpc;

/// <summary>
/// The gRPC wire format: tensors either in <c>raw_input_contents</c> (one entry per input, as the binary extension
/// lays them out) or in typed <c>contents</c>. Answers in the form the request used, so Triton clients (raw) and
/// KServe-style clients (typed) both get what they read.
/// </summary>
public sealed class GrpcInferCodec(OpenInferenceService service)
{
    public (InferCall Call, bool Raw) Decode(ModelInferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.RawInputContents.Count > 0;
        if (raw && request.RawInputContents.Count != request.Inputs.Count)
        {
            throw OpenInferenceException.InvalidTensor(
                $"raw_input_contents holds {request.RawInputContents.Count} entries for {request.Inputs.Count} inputs; send one per input, or none and use contents.");
        }
        var inputs = request.Inputs.Select((input, i) => DecodeInput(input, raw ? request.RawInputContents[i] : null)).ToList();
        var outputs = request.Outputs.Count == 0 ? null : request.Outputs.Select(DecodeOutput).ToList();
        return (new InferCall(string.IsNullOrEmpty(request.Id) ? null : request.Id, inputs, outputs), raw);
    }

    public static ModelInferResponse Encode(InferAnswer answer, bool raw)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var response = new ModelInferResponse { ModelName = answer.ModelName, ModelVersion = answer.ModelVersion, Id = answer.Id ?? "" };
        foreach (var output in answer.Outputs)
        {
            var tensor = new ModelInferResponse.Types.InferOutputTensor { Name = output.Name, Datatype = output.Datatype };
            tensor.Shape.AddRange(output.Shape);
            if (raw)
            {
                var bytes = output.Floats is { } floats ? RawTensors.FromFloats(floats) : RawTensors.ToLengthPrefixed(output.Strings!);
                response.RawOutputContents.Add(UnsafeByteOperations.UnsafeWrap(bytes));
            }
            else
            {
                tensor.Contents = new InferTensorContents();
                if (output.Floats is { } floats) tensor.Contents.Fp32Contents.AddRange(floats);
                else tensor.Contents.BytesContents.AddRange(output.Strings!.Select(s => UnsafeByteOperations.UnsafeWrap(s)));
            }
            response.Outputs.Add(tensor);
        }
        return response;
    }

    private InferInputTensor DecodeInput(ModelInferRequest.Types.InferInputTensor input, ByteString? raw)
    {
        var where = $"input '{input.Name}'";
        service.CheckInputHeader(input.Name, input.Datatype, input.Shape);
        var isFp32 = input.Datatype == TensorNames.Fp32;
        var contents = input.Contents ?? new InferTensorContents();
        var typedFields = TypedFieldsSet(contents);
        if (raw is not null)
        {
            if (typedFields.Count > 0) throw OpenInferenceException.InvalidTensor($"{where} has both raw_input_contents and contents; send one.");
            return isFp32
                ? new InferInputTensor(input.Name, input.Datatype, input.Shape, RawTensors.Floats(raw.Span, where), null)
                : new InferInputTensor(input.Name, input.Datatype, input.Shape, null, RawTensors.LengthPrefixed(raw.Memory, where));
        }

        var expected = isFp32 ? "fp32_contents" : "bytes_contents";
        if (typedFields.FirstOrDefault(f => f != expected) is { } wrong)
        {
            throw OpenInferenceException.InvalidTensor($"{where} is {input.Datatype}: its values go in contents.{expected}, not contents.{wrong}.");
        }
        return isFp32
            ? new InferInputTensor(input.Name, input.Datatype, input.Shape, [.. contents.Fp32Contents], null)
            : new InferInputTensor(input.Name, input.Datatype, input.Shape, null, [.. contents.BytesContents.Select(b => b.Memory)]);
    }

    private static RequestedOutput DecodeOutput(ModelInferRequest.Types.InferRequestedOutputTensor output)
    {
        int? classification = null;
        if (output.Parameters.TryGetValue(TensorNames.Classification, out var parameter))
        {
            classification = parameter.ParameterChoiceCase == InferParameter.ParameterChoiceOneofCase.Int64Param
                && parameter.Int64Param is >= int.MinValue and <= int.MaxValue
                    ? (int)parameter.Int64Param
                    : throw OpenInferenceException.InvalidTensor(
                        $"parameters.{TensorNames.Classification} of output '{output.Name}' must be an int64_param that fits 32 bits.");
        }
        return new RequestedOutput(output.Name, classification);
    }

    private static List<string> TypedFieldsSet(InferTensorContents contents)
    {
        var set = new List<string>();
        if (contents.BoolContents.Count > 0) set.Add("bool_contents");
        if (contents.IntContents.Count > 0) set.Add("int_contents");
        if (contents.Int64Contents.Count > 0) set.Add("int64_contents");
        if (contents.UintContents.Count > 0) set.Add("uint_contents");
        if (contents.Uint64Contents.Count > 0) set.Add("uint64_contents");
        if (contents.Fp32Contents.Count > 0) set.Add("fp32_contents");
        if (contents.Fp64Contents.Count > 0) set.Add("fp64_contents");
        if (contents.BytesContents.Count > 0) set.Add("bytes_contents");
        return set;
    }
}
