#!/usr/bin/env bash
# Benchmark smoke check, run by ./test.sh (so by CI) after the tests: a few seconds of `resnext bench engine` on the tiny
# reference model against PyTorch eager and of `resnext bench preprocessing` against Pillow + numpy, asserting only a
# generous ratio (SMOKE_MIN_RATIO, default 0.2x) so a shared, noisy runner cannot fail it while an order-of-magnitude
# regression (an extra copy per layer, a lost thread setting, the scalar resize everywhere) still does. It never asserts
# absolute timings. SMOKE_MIN_RATIO=0 only prints. Needs the reference data (tests/reference/generate.sh), Debian's
# python3-torch/torchvision/pil and a Release build (./test.sh has made both).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
reference="${RESNEXT_REFERENCE_DIR:-$HOME/.cache/resnext-service/reference}"
out="${SMOKE_OUT:-$(mktemp -d)}"
ratio="${SMOKE_MIN_RATIO:-0.2}"
resnext=(dotnet src/Cli/bin/Release/net10.0/resnext.dll)
[[ -f src/Cli/bin/Release/net10.0/resnext.dll ]] || dotnet build src/Cli/ResNeXt.Cli.csproj -c Release --nologo -v quiet
"${resnext[@]}" bench engine --model tiny --checkpoint "$reference/models/tiny/tiny.pth" \
  --batch 1 8 --rounds 3 --warmup 1 --iterations 3 --compare-pytorch --min-ratio "$ratio" --out "$out/engine"
"${resnext[@]}" bench preprocessing --modes single --rounds 3 --warmup 2 --iterations 5 --pillow-malloc default \
  --min-ratio "$ratio" --out "$out/preprocessing"
echo "benchmark smoke passed (every median ratio >= ${ratio}x)"
