#!/usr/bin/env bash
# Every figure in docs/benchmarks.md, in one sequence (about 60 minutes on the 2-core dev VM). Run it on an otherwise
# idle machine: the scripts alternate contenders so outside load hits both sides of a ratio, but the absolute figures
# still move with it. Results go to benchmarks/results/<benchmark>/ (JSON + SVG + the console output as run.log).
#
#   benchmarks/run-all.sh [--threads N]      (default: every logical core, what each runtime uses by default)
#
# Needs the reference checkpoints (tests/reference/generate.sh) and a Release build of the solution.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
threads="$(nproc)"
[[ "${1:-}" == "--threads" ]] && threads="$2"
reference="${RESNEXT_REFERENCE_DIR:-$HOME/.cache/resnext-service/reference}"
results=benchmarks/results
bench=(dotnet run --project benchmarks/ResNeXt.Benchmarks -c Release --no-build --)
dotnet build ResNeXt.Service.sln -c Release --nologo -v quiet

run() {  # run NAME COMMAND...: keeps the console output beside the JSON it explains
  local name="$1"; shift
  mkdir -p "$results/$name"
  echo "== $name: $*"
  "$@" 2>&1 | tee "$results/$name/run.log"
}

# 1. Our engine (onnxruntime and torchsharp backends) vs PyTorch eager vs raw ONNX Runtime, on resnext50-32x4d with the
#    allocator ablation; then the other three models.
run engine-resnext50-32x4d "${bench[@]}" engine --model resnext50-32x4d \
  --checkpoint "$reference/models/resnext50-32x4d/resnext50-32x4d.pth" --batch 1 8 --rounds 5 --warmup 2 --iterations 5 \
  --threads "$threads" --compare-pytorch --compare-onnxruntime --out "$results/engine-resnext50-32x4d"
for model in resnext101-32x4d resnext101-32x8d resnext152-32x4d; do
  run "engine-$model" "${bench[@]}" engine --model "$model" --checkpoint "$reference/models/$model/$model.pth" \
    --batch 1 8 --rounds 3 --warmup 1 --iterations 3 --threads "$threads" --compare-pytorch --compare-onnxruntime \
    --out "$results/engine-$model"
done

# 2. Preprocessing vs Pillow + numpy, one thread and all cores.
run preprocessing "${bench[@]}" preprocessing --out "$results/preprocessing"

# 3. Memory and start-up per model, the service with each backend (onnxruntime, torchsharp) vs PyTorch.
run startup "${bench[@]}" startup --checkpoint-dir "$reference/models" --rounds 3 --threads "$threads" \
  --compare-pytorch --out "$results/startup"

# 4. The service under load, micro-batching on and off, against the engine alone.
mkdir -p "$results/service"
benchmarks/service.sh --model resnext50-32x4d --threads "$threads" --out "$results/service" 2>&1 | tee "$results/service/run.log"

# 5. Issue 11's targets on the service's defaults: offline throughput (PNG uploads, concurrency 8) vs raw ONNX Runtime and
#    a PyTorch + Pillow loop at batch 8, two models busy at once vs one, p99 at 70% of the offline maximum vs batch-1.
run service-targets "${bench[@]}" service --model resnext50-32x4d --checkpoint-dir "$reference/models" \
  --image "$reference/pipeline/image02_500x375.png" --rounds 3 --threads "$threads" --out "$results/service-targets"
