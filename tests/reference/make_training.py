"""Writes OUTDIR/training/ for the training tests, from the tiny reference model of make_models.py:
  labels.npy            int64 labels for models/tiny/inputs.npy
  loss.npy              float32 [1] cross-entropy (mean) of tiny.pth in train mode (BN batch statistics)
  grad_<key>.npy        float32 gradients of a few parameters, under mmpretrain key names
  grad_keys.json        those key names
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import output_dir, save_npy, seed_everything  # noqa: E402
from make_models import TINY, TinyResNeXt  # noqa: E402

SEED = 0
GRAD_KEYS = ["backbone.conv1.weight", "backbone.bn1.weight", "backbone.layer1.0.conv2.weight",
             "backbone.layer4.0.downsample.1.bias", "head.fc.weight", "head.fc.bias"]


def torchvision_key(key):
    return key[len("head."):] if key.startswith("head.") else key[len("backbone."):]


def main():
    folder = output_dir("training")
    seed_everything(SEED)
    tiny = os.path.join(sys.argv[1], "models", "tiny")
    checkpoint = torch.load(os.path.join(tiny, "tiny.pth"), map_location="cpu")
    model = TinyResNeXt(**TINY)
    model.load_state_dict({torchvision_key(k): v for k, v in checkpoint["state_dict"].items()})
    model.train()
    inputs = torch.from_numpy(np.load(os.path.join(tiny, "inputs.npy")))
    labels = torch.arange(inputs.shape[0], dtype=torch.int64) % TINY["num_classes"]

    x = model.maxpool(model.relu(model.bn1(model.conv1(inputs))))
    x = model.layer4(model.layer3(model.layer2(model.layer1(x))))
    logits = model.fc(torch.flatten(model.avgpool(x), 1))
    loss = F.cross_entropy(logits, labels)
    loss.backward()

    parameters = dict(model.named_parameters())
    save_npy(os.path.join(folder, "labels.npy"), labels)
    save_npy(os.path.join(folder, "loss.npy"), loss.detach().reshape(1))
    for key in GRAD_KEYS:
        save_npy(os.path.join(folder, f"grad_{key}.npy"), parameters[torchvision_key(key)].grad)
    with open(os.path.join(folder, "grad_keys.json"), "w") as f:
        json.dump(GRAD_KEYS, f)


if __name__ == "__main__":
    main()
