#!/usr/bin/env bash
# Restores and compiles the CUDA build's ONNX Runtime side (-p:TorchBackend=cuda: Microsoft.ML.OnnxRuntime.Gpu.Linux
# instead of the CPU package), so that build cannot rot unnoticed. libtorch stays CPU (-p:LibTorchFlavour=cpu): the
# TorchSharp CUDA package is not served here. The build goes to its own folder outside the repo; then the service from
# it is asked for a CUDA device, which must fail (if at all) for lack of a GPU, never for lack of the CUDA provider.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${XDG_CACHE_HOME:-$HOME/.cache}/resnext-service/cuda-build"
dotnet build src/Api/ResNeXt.Api.csproj -c Release -p:TorchBackend=cuda -p:LibTorchFlavour=cpu --artifacts-path "$out" -v quiet -nologo
api="$out/bin/ResNeXt.Api/release"
test -f "$api/runtimes/linux-x64/native/libonnxruntime_providers_cuda.so" || { echo "CUDA build lacks ONNX Runtime's CUDA provider" >&2; exit 1; }
status=0
err="$(cd "$api" && Models__Device=cuda ASPNETCORE_URLS=http://127.0.0.1:0 timeout 60 dotnet ResNeXt.Api.dll 2>&1 >/dev/null)" || status=$?
case "$status" in
  124) echo "CUDA build: the service started on cuda (this machine has a GPU)";;
  2) grep -q "no NVIDIA driver was found" <<<"$err" || { echo "CUDA build refused cuda for another reason: $err" >&2; exit 1; }
     echo "CUDA build: compiled with the CUDA execution provider; cuda refused at start for want of a GPU, as it should be";;
  *) echo "CUDA build: the service exited $status: $err" >&2; exit 1;;
esac
