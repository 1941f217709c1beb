#!/usr/bin/env bash
# Benchmark smoke check, run by ./test.sh (so by CI) after the tests: a few seconds of the benchmarks project on the tiny
# reference model, asserting only generous ratios so a shared, noisy runner cannot fail it while an order-of-magnitude
# regression (an extra copy per layer, a lost thread setting, a session without graph optimisation, the scalar resize
# everywhere) still does. It never asserts absolute timings.
#   * the onnxruntime backend against raw ONNX Runtime (the same ORT version on torch.onnx's export) and against PyTorch
#     eager: every median ratio >= SMOKE_MIN_RATIO_ORT (default 0.5x);
#   * the torchsharp backend against PyTorch eager, and preprocessing against Pillow + numpy: >= SMOKE_MIN_RATIO
#     (default 0.2x).
# SMOKE_MIN_RATIO=0 SMOKE_MIN_RATIO_ORT=0 only prints. Needs the reference data (tests/reference/generate.sh), Debian's
# python3-torch/torchvision/pil and a Release build (./test.sh has made both).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
reference="${RESNEXT_REFERENCE_DIR:-$HOME/.cache/resnext-service/reference}"
out="${SMOKE_OUT:-$(mktemp -d)}"
ratio="${SMOKE_MIN_RATIO:-0.2}"
ort_ratio="${SMOKE_MIN_RATIO_ORT:-0.5}"
[[ -f benchmarks/ResNeXt.Benchmarks/bin/Release/net10.0/ResNeXt.Benchmarks.dll ]] ||
  dotnet build benchmarks/ResNeXt.Benchmarks -c Release --nologo -v quiet
bench=(dotnet run --project benchmarks/ResNeXt.Benchmarks -c Release --no-build --)
tiny=(--model tiny --checkpoint "$reference/models/tiny/tiny.pth" --batch 1 8 --rounds 3 --warmup 1 --iterations 3)
"${bench[@]}" engine "${tiny[@]}" --backends onnxruntime --compare-onnxruntime --compare-pytorch \
  --min-ratio "$ort_ratio" --out "$out/engine-onnxruntime"
"${bench[@]}" engine "${tiny[@]}" --backends torchsharp --compare-pytorch --min-ratio "$ratio" --out "$out/engine-torchsharp"
"${bench[@]}" preprocessing --modes single --rounds 3 --warmup 2 --iterations 5 --pillow-malloc default \
  --min-ratio "$ratio" --out "$out/preprocessing"
echo "benchmark smoke passed (onnxruntime backend >= ${ort_ratio}x raw ONNX Runtime and PyTorch; torchsharp backend and preprocessing >= ${ratio}x)"
