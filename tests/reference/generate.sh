#!/usr/bin/env bash
# Writes the golden files the C# tests compare against, using Debian's PyTorch 1.13, torchvision 0.14 and
# Pillow 9.4 (/usr/bin/python3). Output goes outside the repository (full-size checkpoints are 100-350 MB):
# $RESNEXT_REFERENCE_DIR, default ~/.cache/resnext-service/reference. The scripts import each other, so a
# change to any of them reruns them all; otherwise repeated test runs reuse the cache.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${RESNEXT_REFERENCE_DIR:-$HOME/.cache/resnext-service/reference}"
mkdir -p "$out"
stamp="$out/.scripts.sha256"
sum="$(cat "$here"/common.py "$here"/make_*.py | sha256sum | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$sum" ]]; then
  echo "reference: up to date ($out)"
else
  rm -f "$stamp"
  for script in "$here"/make_*.py; do
    echo "reference: running $(basename "$script" .py)"
    /usr/bin/python3 "$script" "$out"
  done
  echo "$sum" > "$stamp"
fi
# The local download mirror depends only on the resnext50-32x4d checkpoint, and keeps its own stamp.
/usr/bin/python3 "$here/pretrained_mirror.py" "$out"
