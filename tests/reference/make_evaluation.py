"""Golden data for `resnext test`: a small labelled dataset in both layouts and the accuracy PyTorch gives on it.

Writes OUTDIR/evaluation/:
  tiny.pth          a reduced-width ResNeXt in the official mmcls layout (built here with make_models' recipe, so this
                    script does not depend on the order generate.sh runs scripts in)
  imagenet/         mmpretrain's ImageNet layout: val/<file> and meta/val.txt ("relative/path label" lines)
  folders/          the class-per-folder layout: folders/<class>/**, classes sorted (mmpretrain CustomDataset)
  expected.json     accuracy/top1 and accuracy/top5 exactly as mmpretrain's Accuracy(topk=(1, 5)) computes them
                    (softmax scores, torch.topk, correct_k.mul_(100. / num)), plus per-class top-1 counts

The images are smooth noise; their labels are chosen from the model's own ranking (the best class for some, the
2nd..10th for others), so the accuracy is neither 0 nor 100 and every top-k boundary is exercised. Each image goes
through make_preprocessing's OpenCV-equivalent decode and Pillow pipeline, the one the C# side reproduces exactly.
Labels are only taken where neighbouring scores differ clearly, so the BN layers' rounding in another libtorch build
cannot reorder them.
"""
import json
import os
import shutil
import sys

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import output_dir, save_npy, seed_everything  # noqa: E402
from make_models import (TINY, TINY_CLASSES, TinyResNeXt, official_meta, official_state_dict,  # noqa: E402
                         randomise_and_calibrate)
from make_preprocessing import decode_like_opencv, pipeline, smooth_noisy_rgb  # noqa: E402

SEED = 20240615
# Not a divisor of 100, so the percentages need mmpretrain's float32 rounding to match exactly.
IMAGES = 39
SPACED_NAME = 5
UPPER_CASE_EXTENSION = 6
JPEG_QUALITY = 90
TOPK = (1, 5)
# Rank (0 = best) of each image's label in the model's prediction, cycled over the images.
LABEL_RANKS = [0, 0, 0, 1, 2, 4, 5, 9]
# Relative score gap required around the label's rank; libtorch builds differ by ~1e-6 in the logits.
MIN_RELATIVE_GAP = 1e-4


def mmpretrain_accuracy(pred, target, topk):
    """mmpretrain.evaluation.metrics.Accuracy.calculate for score inputs, thresholds off."""
    num = pred.size(0)
    _, pred_label = pred.topk(max(topk), dim=1)
    pred_label = pred_label.t()
    correct = pred_label.eq(target.view(1, -1).expand_as(pred_label))
    results = {}
    for k in topk:
        correct_k = correct[:k].reshape(-1).float().sum(0, keepdim=True)
        results[f"accuracy/top{k}"] = correct_k.mul_(100. / num).item()
    return results


def image_files(rng):
    """(file name, array, JPEG?) triples of varied sizes; one name has a space, one an upper-case extension."""
    files = []
    for index in range(IMAGES):
        width, height = int(rng.integers(120, 400)), int(rng.integers(120, 400))
        rgb = smooth_noisy_rgb(rng, width, height, noise=int(rng.integers(2, 40)))
        jpeg = index % 4 == 3
        name = f"img_{index:03d}.{'jpg' if jpeg else 'png'}"
        if index == SPACED_NAME:
            name = name.replace("_", " ")
        if index == UPPER_CASE_EXTENSION:
            name = name.upper()
        files.append((name, rgb, jpeg))
    return files


def choose_label(scores, index):
    order = torch.argsort(scores, descending=True)
    rank = LABEL_RANKS[index % len(LABEL_RANKS)]
    # The label must not tie with its neighbours, so that it is in or out of every top-k for certain.
    for neighbour in (rank - 1, rank + 1):
        if 0 <= neighbour < len(order):
            a, b = scores[order[rank]].item(), scores[order[neighbour]].item()
            assert abs(a - b) > MIN_RELATIVE_GAP * max(abs(a), abs(b)), f"image {index}: near tie at rank {rank}"
    return int(order[rank])


def main():
    out = output_dir("evaluation")
    seed_everything(SEED)
    assert TINY_CLASSES == sorted(TINY_CLASSES), "folder order must equal label order"

    model = TinyResNeXt(**TINY)
    randomise_and_calibrate(model)
    model.eval()
    torch.save({"meta": official_meta(SEED, dataset_meta={"classes": TINY_CLASSES}),
                "state_dict": official_state_dict(model)}, os.path.join(out, "tiny.pth"))

    for layout in ("imagenet", "folders"):
        shutil.rmtree(os.path.join(out, layout), ignore_errors=True)
    val = os.path.join(out, "imagenet", "val")
    os.makedirs(val)
    os.makedirs(os.path.join(out, "imagenet", "meta"))
    for name in TINY_CLASSES:
        os.makedirs(os.path.join(out, "folders", name))

    rng = np.random.default_rng(SEED)
    files = image_files(rng)
    for name, rgb, jpeg in files:
        image = Image.fromarray(rgb)
        if jpeg:
            image.save(os.path.join(val, name), format="JPEG", quality=JPEG_QUALITY)
        else:
            image.save(os.path.join(val, name), format="PNG")

    inputs = torch.stack([torch.from_numpy(pipeline(decode_like_opencv(os.path.join(val, name)))[2])
                          for name, _, _ in files])
    with torch.no_grad():
        scores = model(inputs).softmax(dim=-1)
    labels = [choose_label(scores[i], i) for i in range(len(files))]

    with open(os.path.join(out, "imagenet", "meta", "val.txt"), "w") as f:
        for (name, _, _), label in zip(files, labels):
            f.write(f"{name} {label}\n")
    for index, ((name, _, _), label) in enumerate(zip(files, labels)):
        folder = os.path.join(out, "folders", TINY_CLASSES[label])
        if index % 5 == 4:
            folder = os.path.join(folder, "nested")  # CustomDataset searches class folders recursively
            os.makedirs(folder, exist_ok=True)
        shutil.copyfile(os.path.join(val, name), os.path.join(folder, name))
    with open(os.path.join(out, "folders", TINY_CLASSES[0], "notes.txt"), "w") as f:
        f.write("not an image: skipped by extension\n")

    target = torch.tensor(labels)
    top1 = scores.argmax(dim=1)
    expected = dict(mmpretrain_accuracy(scores, target, TOPK), images=len(files), labels=labels,
                    perClassImages=[int((target == c).sum()) for c in range(len(TINY_CLASSES))],
                    perClassTop1Correct=[int(((target == c) & (top1 == c)).sum()) for c in range(len(TINY_CLASSES))])
    save_npy(os.path.join(out, "scores.npy"), scores)
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    print(f"evaluation: top1 {expected['accuracy/top1']} top5 {expected['accuracy/top5']}", flush=True)


if __name__ == "__main__":
    main()
