#!/usr/bin/env bash
# Runs every test: installs prerequisites, generates (or reuses) the PyTorch reference data outside the repo,
# builds and tests the whole solution, compiles the CUDA build, then runs the benchmark smoke check (ratios with generous margins, seconds).
# Usage: ./test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
scripts/install-prerequisites.sh
tests/reference/generate.sh
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test ResNeXt.Service.sln -c Release "$@" 2>&1 | tee "$log" || status=$?
# One plain closing line over all test assemblies, so a reader (or CI) sees the total at a glance.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' FS='[ ,]+' "$log"
scripts/check-cuda-build.sh || status=$?
benchmarks/smoke.sh || status=$?
exit "$status"
