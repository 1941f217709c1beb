"""PyTorch + Pillow baseline for `dotnet run --project benchmarks/ResNeXt.Benchmarks -- service`: what a TorchServe
image-classifier handler does per batch, minus HTTP. Each batch decodes the same encoded image --batch times with
Pillow, applies torchvision's ImageNet transforms (resize 256, centre crop 224, to tensor, normalise), stacks them and
runs bench_engine.py's eager forward pass under torch.no_grad(), then softmax and top-5 as a handler's postprocess does.

Prints bench_engine.py's JSON object, with "batches" timing whole batches (decode, preprocess, forward, postprocess):
  {"runtime": "torch <v> + Pillow <v>", "threads": n, "load_s": s, "ready_at_unix_s": t, "peak_rss_bytes": n,
   "batches": {"8": [seconds per batch, ...]}}

Not a make_*.py: generate.sh does not run it and it writes no reference data.
"""
import argparse
import io
import json
import os
import resource
import sys
import time

import torch
import PIL
from PIL import Image
from torchvision import transforms

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_engine import add_model_arguments, forward, load  # noqa: E402

RESIZE = 256
CROP = 224
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
TOP_K = 5


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_model_arguments(parser)
    parser.add_argument("--image", required=True, help="encoded image (PNG, JPEG) every batch decodes")
    parser.add_argument("--batch", type=int, nargs="+", default=[8])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--iterations", type=int, default=5)
    return parser.parse_args()


def run_batch(model, preprocess, data, batch):
    images = [preprocess(Image.open(io.BytesIO(data)).convert("RGB")) for _ in range(batch)]
    with torch.no_grad():
        scores = torch.softmax(forward(model, torch.stack(images)), dim=1)
        return torch.topk(scores, TOP_K, dim=1)


def time_batch(model, preprocess, data, batch, args):
    for _ in range(args.warmup):
        run_batch(model, preprocess, data, batch)
    times = []
    for _ in range(args.iterations):
        started = time.perf_counter()
        run_batch(model, preprocess, data, batch)
        times.append(time.perf_counter() - started)
    return times


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    with open(args.image, "rb") as f:
        data = f.read()
    model, load_s = load(args)
    ready_at = time.time()
    preprocess = transforms.Compose([transforms.Resize(RESIZE), transforms.CenterCrop(CROP), transforms.ToTensor(),
                                     transforms.Normalize(MEAN, STD)])
    batches = {str(b): time_batch(model, preprocess, data, b, args) for b in args.batch}
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    json.dump(dict(runtime=f"torch {torch.__version__} + Pillow {PIL.__version__}", threads=torch.get_num_threads(),
                   load_s=load_s, ready_at_unix_s=ready_at, peak_rss_bytes=peak_rss, batches=batches), sys.stdout)
    print()


if __name__ == "__main__":
    main()
