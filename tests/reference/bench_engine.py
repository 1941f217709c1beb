"""PyTorch eager baseline for `resnext bench engine --compare-pytorch`: what a user running mmpretrain would get.

Loads an official-layout checkpoint (mmcls {'state_dict': ...} with backbone./head. keys) into torchvision's ResNet,
which for base width 64 is mmpretrain's ResNeXt key for key (see make_models.py), and times eval-mode forward passes
under torch.no_grad() -- mmpretrain's own inference path -- in plain NCHW, as users run it, unless --channels-last.

Prints one JSON object on stdout:
  {"runtime": "torch " + version, "threads": n, "channels_last": bool, "load_s": s, "ready_at_unix_s": t, "peak_rss_bytes": n,
   "batches": {"1": [seconds per forward, ...], "8": [...]}}
ready_at_unix_s is the wall clock when the model was ready, so a caller that noted when it started the interpreter
gets start-to-ready (interpreter, imports and load) as `resnext bench startup` does.
Timing stays in the caller's hands (rounds, alternation, medians); this script only measures one round.

Not a make_*.py: generate.sh does not run it and it writes no reference data.
"""
import argparse
import json
import os
import resource
import sys
import time

import torch
import torch.nn as nn
import torchvision.models.resnet as tv

CROP = 224
TORCHVISION_BASE_WIDTH = 64
SEED = 20240601


def add_model_arguments(parser):
    """The checkpoint and the architecture it holds; export_onnx.py takes the same."""
    parser.add_argument("--checkpoint", required=True, help="official-layout .pth")
    parser.add_argument("--blocks", type=int, nargs=4, required=True, help="bottlenecks per stage, e.g. 3 4 6 3")
    parser.add_argument("--groups", type=int, required=True)
    parser.add_argument("--width", type=int, required=True, help="width per group")
    parser.add_argument("--base", type=int, default=TORCHVISION_BASE_WIDTH)
    parser.add_argument("--stem", type=int, default=TORCHVISION_BASE_WIDTH)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_model_arguments(parser)
    parser.add_argument("--batch", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--channels-last", action="store_true")
    return parser.parse_args()


def build(spec, num_classes):
    if spec["base"] == TORCHVISION_BASE_WIDTH and spec["stem"] == TORCHVISION_BASE_WIDTH:
        return tv.ResNet(tv.Bottleneck, spec["blocks"], num_classes=num_classes, groups=spec["groups"],
                         width_per_group=spec["width"])
    # Reduced-width test models (tiny) need the free base width that torchvision hard-codes.
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from make_models import TinyResNeXt  # noqa: E402
    return TinyResNeXt(spec["blocks"], spec["groups"], spec["width"], spec["base"], spec["stem"], num_classes)


def forward(model, x):
    """torchvision's ResNet.forward, spelled out so the tiny model (whose forward returns more) runs the same ops."""
    x = model.maxpool(model.relu(model.bn1(model.conv1(x))))
    x = model.layer4(model.layer3(model.layer2(model.layer1(x))))
    return model.fc(torch.flatten(model.avgpool(x), 1))


def load(args):
    started = time.perf_counter()
    state = torch.load(args.checkpoint, map_location="cpu")
    state = state.get("state_dict", state)
    state = {k.split(".", 1)[1] if k.startswith(("backbone.", "head.")) else k: v for k, v in state.items()}
    spec = dict(blocks=args.blocks, groups=args.groups, width=args.width, base=args.base, stem=args.stem)
    model = build(spec, state["fc.weight"].shape[0])
    model.load_state_dict(state)
    model.eval()
    return model, time.perf_counter() - started


def time_batch(model, batch, args):
    generator = torch.Generator().manual_seed(SEED)
    x = torch.randn(batch, 3, CROP, CROP, generator=generator)
    if args.channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    with torch.no_grad():
        for _ in range(args.warmup):
            forward(model, x)
        times = []
        for _ in range(args.iterations):
            started = time.perf_counter()
            forward(model, x)
            times.append(time.perf_counter() - started)
    return times


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    model, load_s = load(args)
    ready_at = time.time()
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
    batches = {str(b): time_batch(model, b, args) for b in args.batch}
    # ru_maxrss is KiB on Linux.
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    json.dump(dict(runtime=f"torch {torch.__version__}", threads=torch.get_num_threads(), channels_last=args.channels_last,
                   load_s=load_s, ready_at_unix_s=ready_at, peak_rss_bytes=peak_rss, batches=batches), sys.stdout)
    print()


if __name__ == "__main__":
    main()
