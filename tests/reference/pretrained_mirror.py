"""A local stand-in for download.openmmlab.com, for the first-run tests (README: auto-download on first use).

No pretrained weights can be downloaded here, and the service verifies a download against the 8 hex digits of sha256 in
the official file name. So this takes the reference resnext50-32x4d checkpoint that make_models.py wrote (official
layout, random weights, PyTorch's outputs recorded for it) and appends a ZIP archive comment to it whose last 8 bytes
are searched for until the file's sha256 starts with those digits (sha256_prefix.c, ~2^32 hashes: about a minute
on 2 cores). The tensors and metadata are untouched (checked below), so PyTorch's recorded outputs still hold, and the
service's verification runs exactly as it does against the real server.

Writes OUTDIR/mirror/<official file name> and OUTDIR/mirror/source.sha256; reruns only when the source changed.
"""
import hashlib
import os
import subprocess
import sys
import tempfile
import time

import torch

OFFICIAL_FILE = "resnext50_32x4d_b32x8_imagenet_20210429-56066e27.pth"
MODEL = "resnext50-32x4d"


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def main(out):
    source = os.path.join(out, "models", MODEL, MODEL + ".pth")
    mirror = os.path.join(out, "mirror")
    target = os.path.join(mirror, OFFICIAL_FILE)
    stamp = os.path.join(mirror, "source.sha256")
    source_sha = sha256_of(source)
    if os.path.exists(target) and os.path.exists(stamp) and open(stamp).read().strip() == source_sha:
        print(f"mirror: up to date ({target})")
        return
    os.makedirs(mirror, exist_ok=True)
    prefix = OFFICIAL_FILE.rsplit("-", 1)[1].split(".")[0]
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as build:
        tool = os.path.join(build, "sha256_prefix")
        subprocess.run(["gcc", "-O2", "-pthread", "-o", tool, os.path.join(here, "sha256_prefix.c"), "-lcrypto"], check=True)
        started = time.monotonic()
        print(f"mirror: searching a comment that gives {MODEL}'s checkpoint the sha256 prefix {prefix} ...", flush=True)
        subprocess.run([tool, source, target + ".partial", prefix], check=True)
        print(f"mirror: found in {time.monotonic() - started:.0f} s")
    if not sha256_of(target + ".partial").startswith(prefix):
        sys.exit(f"mirror: {target}.partial does not have the sha256 prefix {prefix}")
    original, served = torch.load(source, map_location="cpu"), torch.load(target + ".partial", map_location="cpu")
    same = original["meta"] == served["meta"] and original["state_dict"].keys() == served["state_dict"].keys() and all(
        torch.equal(original["state_dict"][k], served["state_dict"][k]) for k in original["state_dict"])
    if not same:
        sys.exit("mirror: the commented checkpoint does not load to the same tensors")
    os.replace(target + ".partial", target)
    with open(stamp, "w") as f:
        f.write(source_sha + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
