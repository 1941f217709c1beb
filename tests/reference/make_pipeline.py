"""Golden data for the end-to-end tests: encoded image bytes in, mmpretrain's answer out.

Writes OUTDIR/pipeline/: distinct synthetic images (PNG and 4:2:0 JPEG, varied sizes), and for the "tiny" and
"resnext50-32x4d" checkpoints that make_models.py wrote, PyTorch's outputs for those images in manifest order:
<model>.logits.npy, .softmax.npy and .neck.npy, plus tiny.backbone.npy (the full-size backbone map is 6 MB and
the engine tests already cover it). Preprocessing is make_preprocessing.py's (decode with OpenCV's rules,
Pillow BILINEAR ResizeEdge, CenterCrop, normalise), imported rather than repeated so both references agree.

Also writes tiny_v2.pth, a second version of tiny with a different head, and its outputs: the hot-reload tests
tell which version answered a request from its checkpoint sha256 and check every prediction against that
version's numbers. The head's rows are rotated by one class (no class keeps its row) and rescaled, so every
image's top-1 label and every score change.
"""
import collections
import json
import os
import sys
import time

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import output_dir, save_npy, seed_everything  # noqa: E402
from make_models import CATALOGUE, TINY, TinyResNeXt, build_catalogue_model, forward_all  # noqa: E402
from make_preprocessing import JPEG_QUALITY, decode_like_opencv, pipeline  # noqa: E402

SEED = 20240615
TINY_NAME = "tiny"
CATALOGUE_NAME = "resnext50-32x4d"
TINY_V2_NAME = "tiny_v2"
V2_HEAD_SCALE = 1.5
# Enough distinct images that 64 concurrent requests rarely send the same one twice in a row, few enough to stay fast.
SIZES = [(320, 240), (240, 320), (500, 375), (375, 500), (300, 300), (257, 301), (641, 480), (224, 224),
         (400, 260), (180, 360), (512, 384), (333, 250), (290, 410), (450, 300), (256, 256), (380, 280)]
PATTERNS = ["stripes", "rings", "checker", "blobs"]


def pattern_rgb(rng, index, width, height):
    """Each image gets its own palette, pattern and frequency, so the models' answers differ between images."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    u, v = x / width, y / height
    frequency = 2 + 3 * (index % 5)
    angle = np.pi * index / len(SIZES)
    kind = PATTERNS[index % len(PATTERNS)]
    if kind == "stripes":
        field = np.sin(2 * np.pi * frequency * (u * np.cos(angle) + v * np.sin(angle)))
    elif kind == "rings":
        field = np.sin(2 * np.pi * frequency * np.hypot(u - 0.5, v - 0.5))
    elif kind == "checker":
        field = np.sign(np.sin(np.pi * frequency * u) * np.sin(np.pi * frequency * v))
    else:
        centres = rng.random((6, 2))
        field = sum(np.exp(-((u - cx) ** 2 + (v - cy) ** 2) * 40) for cx, cy in centres) * 2 - 1
    low, high = rng.integers(0, 256, size=3), rng.integers(0, 256, size=3)
    mix = (field[..., None] + 1) / 2
    image = low + (high - low) * mix + rng.normal(0, 6, size=(height, width, 3))
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


def make_images(rng, out):
    """Writes the images; even indices as PNG, odd as baseline 4:2:0 JPEG (Pillow's default subsampling at this quality)."""
    files = []
    for index, (width, height) in enumerate(SIZES):
        image = Image.fromarray(pattern_rgb(rng, index, width, height))
        if index % 2 == 0:
            name = f"image{index:02d}_{width}x{height}.png"
            image.save(os.path.join(out, name))
        else:
            name = f"image{index:02d}_{width}x{height}.jpg"
            image.save(os.path.join(out, name), quality=JPEG_QUALITY)
        files.append(name)
    return files


def load_model(model, path):
    """The official mmcls layout back to module names: 'backbone.' and 'head.' prefixes off (head.fc -> fc)."""
    checkpoint = torch.load(path, map_location="cpu")
    model.load_state_dict(collections.OrderedDict((k.split(".", 1)[1], v) for k, v in checkpoint["state_dict"].items()))
    return model.eval()


def write_outputs(out, name, model, inputs, keys=("logits", "softmax", "neck", "backbone")):
    outputs = forward_all(model, inputs)
    for key in keys:
        save_npy(os.path.join(out, f"{name}.{key}.npy"), outputs[key])
    return outputs


def write_tiny_v2(root, out):
    """tiny with its head rotated by one class and rescaled; the backbone is unchanged, so neck features are too."""
    checkpoint = torch.load(os.path.join(root, "models", TINY_NAME, TINY_NAME + ".pth"), map_location="cpu")
    state = collections.OrderedDict(checkpoint["state_dict"])
    state["head.fc.weight"] = torch.roll(state["head.fc.weight"], shifts=1, dims=0) * V2_HEAD_SCALE
    state["head.fc.bias"] = torch.roll(state["head.fc.bias"], shifts=1, dims=0) * V2_HEAD_SCALE
    path = os.path.join(out, TINY_V2_NAME + ".pth")
    torch.save({"meta": checkpoint["meta"], "state_dict": state}, path)
    return path


def main():
    out = output_dir("pipeline")
    root = sys.argv[1]
    started = time.time()
    seed_everything(SEED)
    rng = np.random.default_rng(SEED)
    files = make_images(rng, out)
    inputs = torch.from_numpy(np.stack([pipeline(decode_like_opencv(os.path.join(out, f)))[2] for f in files]))

    tiny_path = os.path.join(root, "models", TINY_NAME, TINY_NAME + ".pth")
    tiny = write_outputs(out, TINY_NAME, load_model(TinyResNeXt(**TINY), tiny_path), inputs)
    labels = tiny["logits"].argmax(dim=1).tolist()
    assert len(set(labels)) > 1, f"tiny gives every image the same label {labels[0]}: the images are not distinct enough"

    v2_path = write_tiny_v2(root, out)
    v2 = write_outputs(out, TINY_V2_NAME, load_model(TinyResNeXt(**TINY), v2_path), inputs, keys=("logits", "softmax"))
    assert all(a != b for a, b in zip(labels, v2["logits"].argmax(dim=1).tolist())), "tiny_v2 must change every top-1"

    catalogue_path = os.path.join(root, "models", CATALOGUE_NAME, CATALOGUE_NAME + ".pth")
    catalogue = load_model(build_catalogue_model(**CATALOGUE[CATALOGUE_NAME]), catalogue_path)
    write_outputs(out, CATALOGUE_NAME, catalogue, inputs, keys=("logits", "softmax", "neck"))

    manifest = {"images": files, "models": [TINY_NAME, TINY_V2_NAME, CATALOGUE_NAME]}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(f"make_pipeline: {len(files)} images, tiny top-1 {labels}, {time.time() - started:.1f}s", flush=True)


if __name__ == "__main__":
    main()
