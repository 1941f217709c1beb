#!/usr/bin/env bash
# Benchmark smoke check for CI: a few rounds of `resnext bench` on the tiny reference model against PyTorch eager,
# asserting only a generous ratio (SMOKE_MIN_RATIO, default 0.2x) so a shared, noisy runner cannot fail it while a
# gross regression (an accidental extra copy per layer, a lost thread setting) still does. Set SMOKE_MIN_RATIO=0 to
# only print. Needs the reference data (tests/reference/generate.sh) and Debian's python3-torch/torchvision.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
reference="${RESNEXT_REFERENCE_DIR:-$HOME/.cache/resnext-service/reference}"
dotnet build src/Cli/ResNeXt.Cli.csproj -c Release --nologo -v quiet
dotnet src/Cli/bin/Release/net10.0/resnext.dll bench engine --model tiny --checkpoint "$reference/models/tiny/tiny.pth" \
  --batch 1 8 --rounds 3 --warmup 1 --iterations 3 --compare-pytorch --min-ratio "${SMOKE_MIN_RATIO:-0.2}" \
  --out "${SMOKE_OUT:-$(mktemp -d)}"
