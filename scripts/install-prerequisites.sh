#!/usr/bin/env bash
# Installs the Debian packages the tests need on a fresh Debian 12 machine (root): the PyTorch/Pillow reference
# implementation, python3-onnx (its checker vets what `resnext export-onnx` writes), libturbojpeg0 (the service decodes
# JPEGs with libjpeg-turbo, as OpenCV does in mmpretrain), libdeflate0 (the service's fast PNG path), Chromium for the browser tests, nginx for the load-balancer
# tests, curl and jq for benchmarks/service.sh, python3-grpcio with protoc and its gRPC Python plugin (protobuf-compiler-grpc) for
# the Open Inference Protocol's second, non-.NET gRPC client, gcc and libssl-dev to build the local download mirror's checkpoint
# (tests/reference/pretrained_mirror.py). The .NET 10 SDK is expected on PATH. Packages already present are not
# reinstalled, so this is cheap on a warm machine.
set -euo pipefail
packages=(python3-torch python3-torchvision python3-pil python3-numpy python3-onnx libturbojpeg0 libdeflate0 chromium nginx-light curl jq
  python3-grpcio python3-protobuf protobuf-compiler protobuf-compiler-grpc gcc libc6-dev libssl-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null || { echo "The .NET 10 SDK (dotnet) is required: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2; exit 1; }
