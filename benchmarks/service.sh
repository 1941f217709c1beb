#!/usr/bin/env bash
# Service under load (docs/benchmarks.md, section 3): the engine alone at batch 1 and 8 (`resnext bench engine`, the engine
# as the service configures it: the same backend, Models:Backend, default onnxruntime), then the
# real service with micro-batching on (Batching:MaxBatchSize=8) and off (=1), each run in a fresh process on a free
# loopback port, under `resnext loadtest --scenario server` (offline sweep, p99-bounded Poisson search, run at 70% of the
# offline maximum). Engine and service get the same intra-op thread count, so the printed service/engine ratios compare
# like with like.
#
#   benchmarks/service.sh [--model NAME] [--backend onnxruntime|torchsharp] [--threads N] [--image FILE] [--out DIR] [--quick]
#                         [-- extra loadtest options]
#
# --quick shortens every phase (seconds, not minutes) to check that the pipeline works, e.g. with --model tiny.
# Needs the reference checkpoints (tests/reference/generate.sh); RESNEXT_REFERENCE_DIR overrides where they are.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

reference="${RESNEXT_REFERENCE_DIR:-$HOME/.cache/resnext-service/reference}"
model=resnext50-32x4d
backend=onnxruntime
threads="$(nproc)"
image="$reference/pipeline/image03_375x500.jpg"
out=benchmarks/results
quick=false
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --backend) backend="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --image) image="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --quick) quick=true; shift ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown argument: $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

checkpoint="$reference/models/$model/$model.pth"
[[ -f "$checkpoint" ]] || { echo "missing $checkpoint: run tests/reference/generate.sh first" >&2; exit 1; }
[[ -f "$image" ]] || { echo "missing image $image: pass --image FILE" >&2; exit 1; }

if $quick; then
  bench_args=(--rounds 1 --warmup 1 --iterations 3)
  load_args=(--concurrency 1 4 16 --duration 2 --warmup 0.5 --search-steps 3 --server-duration 2 --min-queries 20)
  ready_timeout=120
else
  bench_args=(--rounds 5 --warmup 2 --iterations 5)
  # Four bisection steps and 100 queries per probe keep the slowest probe (max/16) near a minute; each step lower
  # doubles a probe's length, and on this VM the whole script then takes about ten minutes.
  load_args=(--concurrency 1 2 4 8 16 32 --duration 15 --warmup 3 --search-steps 4 --server-duration 10 --min-queries 100)
  ready_timeout=600
fi

dotnet build src/Api/ResNeXt.Api.csproj -c Release --nologo -v quiet
dotnet build src/Cli/ResNeXt.Cli.csproj -c Release --nologo -v quiet
resnext=(dotnet src/Cli/bin/Release/net10.0/resnext.dll)
mkdir -p "$out"

# The registry finds <model>.pth in Models:Directory; the reference folder also holds deliberately broken checkpoints
# (tiny_*.pth) it would try to serve, so the service gets a folder with just one link. Service logs stay out of $out.
work="$(mktemp -d)"
mkdir "$work/models"
ln -s "$checkpoint" "$work/models/$model.pth"
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== engine alone ($backend backend), batch 1 and 8, $threads threads"
engine_out="$out/load-engine"
"${resnext[@]}" bench engine --checkpoint "$checkpoint" --backend "$backend" --batch 1 8 --threads "$threads" "${bench_args[@]}" --out "$engine_out"

start_service() { # max batch size
  local log="$work/service-batch$1.log"
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  Models__Directory="$work/models" Models__Preload__0="$model" Models__WatchForChanges=false \
  Batching__MaxBatchSize="$1" Batching__IntraOpThreads="$threads" Models__Backend="$backend" \
    dotnet src/Api/bin/Release/net10.0/ResNeXt.Api.dll > "$log" 2>&1 &
  pid=$!
  for ((waited = 0; waited < ready_timeout; waited++)); do
    if curl -sf "http://127.0.0.1:$port/healthz/ready" > /dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "service exited while starting:" >&2; tail -n 20 "$log" >&2; exit 1
    fi
    sleep 1
  done
  echo "service not ready after ${ready_timeout}s:" >&2; tail -n 20 "$log" >&2
  exit 1
}

stop_service() {
  kill -TERM "$pid"
  wait "$pid" || true
  pid=""
}

for batch in 8 1; do
  echo "== service, Batching:MaxBatchSize=$batch, Batching:IntraOpThreads=$threads"
  start_service "$batch"
  "${resnext[@]}" loadtest --url "http://127.0.0.1:$port" --model "$model" --image "$image" --scenario server \
    "${load_args[@]}" --engine-json "$engine_out/engine.json" --name "load-batch$batch" --out "$out" "${extra[@]}"
  stop_service
done

echo "== summary ($model, $backend backend, $threads threads)"
for batch in 8 1; do
  jq -r --arg b "$batch" '"max batch \($b): offline max \(.offlineMaxImagesPerSecond * 100 | round / 100) img/s, "
    + "service/engine at batch \(.engine.engine.batchSize) \(.engine.ratio * 100 | round / 100)x, "
    + "p99 at \(.server.loadFraction * 100 | round)% of offline max \(.server.atLoadFraction.latencyMs.p99 // "n/a" | if type == "number" then (. * 10 | round / 10) else . end) ms "
    + "(target \(.server.targetP99Ms * 10 | round / 10)), errors \(.totalErrors)"' "$out/load-batch$batch.json"
done
on="$(jq .offlineMaxImagesPerSecond "$out/load-batch8.json")"
off="$(jq .offlineMaxImagesPerSecond "$out/load-batch1.json")"
echo "micro-batching on/off offline throughput: $(jq -n "$on / $off * 100 | round / 100")x"
