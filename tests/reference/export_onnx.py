"""ONNX export for `resnext bench engine --compare-onnxruntime`: the model a .NET team would feed to ONNX Runtime.

Loads an official-layout checkpoint exactly as bench_engine.py does (torchvision's ResNet, eval mode) and exports it
with Debian's torch.onnx (opset 13, dynamic batch, constant folding; BatchNorm stays in the graph for ONNX Runtime's
optimiser to fold, as it would for any user). Prints one JSON object on stdout: {"torch": version, "onnx": path,
"export_s": seconds}. Not a make_*.py: generate.sh does not run it and it writes no reference data.
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_engine  # noqa: E402

OPSET = 13


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    bench_engine.add_model_arguments(parser)
    parser.add_argument("--out", required=True, help="the .onnx file to write (written beside, then renamed)")
    return parser.parse_args()


class Classifier(torch.nn.Module):
    """bench_engine.forward as a module, so the export traces the same ops for torchvision and the tiny model."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return bench_engine.forward(self.model, x)


def main():
    args = parse_args()
    started = time.perf_counter()
    model, _ = bench_engine.load(args)
    example = torch.zeros(1, 3, bench_engine.CROP, bench_engine.CROP)
    partial = args.out + ".partial"
    with torch.no_grad():
        torch.onnx.export(Classifier(model), example, partial, opset_version=OPSET, do_constant_folding=True,
                          input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    # A half-written file from an interrupted export must never be mistaken for a model.
    os.replace(partial, args.out)
    json.dump(dict(torch=torch.__version__, onnx=args.out, export_s=time.perf_counter() - started), sys.stdout)
    print()


if __name__ == "__main__":
    main()
