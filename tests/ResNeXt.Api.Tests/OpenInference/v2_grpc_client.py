"""A second, non-.NET Open Inference Protocol client: Debian's python3-grpcio over stubs that Debian's protoc and
grpc_python_plugin generated from the service's own inference.proto. Prints what it got as one JSON document.

usage: v2_grpc_client.py STUBS_DIR HOST:PORT MODEL IMAGE...
"""
import json
import struct
import sys

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
import inference_pb2 as pb  # noqa: E402
import inference_pb2_grpc as pb_grpc  # noqa: E402


def length_prefixed(elements):
    return b"".join(struct.pack("<I", len(e)) + e for e in elements)


def unpack_strings(raw):
    strings, at = [], 0
    while at < len(raw):
        (length,) = struct.unpack_from("<I", raw, at)
        strings.append(raw[at + 4:at + 4 + length].decode("utf-8"))
        at += 4 + length
    return strings


def rows(values, count):
    width = len(values) // count
    return [list(values[i * width:(i + 1) * width]) for i in range(count)]


def status_of(call):
    try:
        call()
        return "OK"
    except grpc.RpcError as error:
        return error.code().name


def main():
    address, model, paths = sys.argv[2], sys.argv[3], sys.argv[4:]
    images = [open(p, "rb").read() for p in paths]
    with grpc.insecure_channel(address) as channel:
        stub = pb_grpc.GRPCInferenceServiceStub(channel)
        result = {
            "live": stub.ServerLive(pb.ServerLiveRequest()).live,
            "extensions": list(stub.ServerMetadata(pb.ServerMetadataRequest()).extensions),
        }

        # Raw contents, as tritonclient sends them, with a classification output beside the softmax.
        request = pb.ModelInferRequest(model_name=model, id="python-1")
        request.inputs.add(name="image", datatype="BYTES", shape=[len(images)])
        request.raw_input_contents.append(length_prefixed(images))
        request.outputs.add(name="probabilities")
        top = request.outputs.add(name="logits")
        top.parameters["classification"].int64_param = 2
        response = stub.ModelInfer(request, timeout=120)
        result["id"] = response.id
        result["model_version"] = response.model_version
        result["datatypes"] = [o.datatype for o in response.outputs]
        probabilities = struct.unpack("<%df" % (len(response.raw_output_contents[0]) // 4), response.raw_output_contents[0])
        result["probabilities"] = rows(probabilities, len(images))
        result["classification"] = unpack_strings(response.raw_output_contents[1])

        # Typed contents, as KServe-style clients send them.
        typed = pb.ModelInferRequest(model_name=model)
        tensor = typed.inputs.add(name="image", datatype="BYTES", shape=[len(images)])
        tensor.contents.bytes_contents.extend(images)
        typed.outputs.add(name="probabilities")
        answer = stub.ModelInfer(typed, timeout=120)
        result["typed_probabilities"] = rows(list(answer.outputs[0].contents.fp32_contents), len(images))
        result["model_ready"] = stub.ModelReady(pb.ModelReadyRequest(name=model)).ready

        unknown = pb.ModelInferRequest(model_name="no-such-model")
        unknown.inputs.add(name="image", datatype="BYTES", shape=[1]).contents.bytes_contents.append(images[0])
        wrong = pb.ModelInferRequest(model_name=model)
        wrong.inputs.add(name="image", datatype="FP32", shape=[1]).contents.fp32_contents.append(0.5)
        result["errors"] = {
            "unknown_model": status_of(lambda: stub.ModelInfer(unknown, timeout=120)),
            "wrong_datatype": status_of(lambda: stub.ModelInfer(wrong, timeout=120)),
        }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
