#!/usr/bin/env bash
# Writes the golden files the C# tests compare against, using Debian's PyTorch 1.13, torchvision 0.14 and
# Pillow 9.4 (/usr/bin/python3). Output goes outside the repository (full-size checkpoints are 100-350 MB):
# $RESNEXT_REFERENCE_DIR, default ~/.cache/resnext-service/reference. Each script is rerun only when its
# source changed, so repeated test runs reuse the cache.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${RESNEXT_REFERENCE_DIR:-$HOME/.cache/resnext-service/reference}"
mkdir -p "$out"
for script in "$here"/make_*.py; do
  name="$(basename "$script" .py)"
  stamp="$out/.$name.sha256"
  sum="$(cat "$script" "$here"/common.py 2>/dev/null | sha256sum | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$sum" ]]; then
    echo "reference: $name up to date"
    continue
  fi
  echo "reference: running $name"
  /usr/bin/python3 "$script" "$out"
  echo "$sum" > "$stamp"
done
