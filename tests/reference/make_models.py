"""Golden checkpoints and outputs for the model/loader/engine parity tests.

Writes OUTDIR/models/<name>/ for the four catalogue ResNeXts and a reduced-width "tiny" one:
  <name>.pth      torch.save (zip) of {'meta': {...}, 'state_dict': OrderedDict} -- the official mmcls layout
  inputs.npy      float32 N x 3 x 224 x 224, normalised like mmpretrain's data preprocessor
  logits.npy, softmax.npy, neck.npy, backbone.npy   eval-mode outputs of PyTorch for those inputs
  keys.json       ordered {state-dict key: shape}
  spec.json       the architecture, so tests need not repeat it
The tiny folder also holds the loader variants (bare, module.-prefixed, torchvision naming, safetensors, legacy
pickle, broken ones, checksum-named copies) and dtypes.safetensors for the safetensors dtype decoding.

No pretrained weights are reachable here, so weights are random but "realistic": kaiming-scaled convolutions,
BN affine parameters away from the identity, and running statistics calibrated on random batches so every
activation stays O(1) through 50 bottlenecks -- the regime where a wrong BN fold or a transposed group shows.
The catalogue models use torchvision's ResNet(Bottleneck, groups=, width_per_group=), which for base width 64
is mmpretrain's ResNeXt (pytorch style: stride on the 3x3, downsample on block 0 of every stage) key for key.
"""
import collections
import hashlib
import json
import os
import shutil
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision.models.resnet as tv

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import output_dir, save_npy, seed_everything  # noqa: E402

SEED = 20240601
MEAN = torch.tensor([123.675, 116.28, 103.53]).view(1, 3, 1, 1)
STD = torch.tensor([58.395, 57.12, 57.375]).view(1, 3, 1, 1)
CROP = 224
# Noise this coarse, bilinearly upsampled, gives the smooth regions and edges of a photo rather than white noise.
NOISE_SIZE = 28
CALIBRATION_BATCHES = 3
CALIBRATION_BATCH_SIZE = 8
# Calibration runs at low resolution: BN statistics are per channel, and 64 px keeps the big models fast on 2 cores.
CALIBRATION_SIZE = 64
# The head is scaled at full resolution: pooled features at 64 px are smaller than at 224 px.
HEAD_CALIBRATION_BATCH_SIZE = 2
IMAGENET_CLASSES = 1000
GAMMA = (0.5, 1.5)
RESIDUAL_GAMMA = (0.1, 0.4)
LOGIT_STD = 3.0

CATALOGUE = {
    "resnext50-32x4d": dict(blocks=[3, 4, 6, 3], groups=32, width=4),
    "resnext101-32x4d": dict(blocks=[3, 4, 23, 3], groups=32, width=4),
    "resnext101-32x8d": dict(blocks=[3, 4, 23, 3], groups=32, width=8),
    "resnext152-32x4d": dict(blocks=[3, 8, 36, 3], groups=32, width=4),
}
TINY = dict(blocks=[1, 1, 1, 1], groups=4, width=4, base=16, stem=16, num_classes=10)
TINY_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


class TinyBottleneck(nn.Module):
    """mmpretrain ResNeXt Bottleneck (pytorch style) with a free base width, which torchvision hard-codes to 64."""

    def __init__(self, inplanes, planes, mid, groups, stride, downsample):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, mid, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(mid)
        self.conv2 = nn.Conv2d(mid, mid, 3, stride=stride, padding=1, groups=groups, bias=False)
        self.bn2 = nn.BatchNorm2d(mid)
        self.conv3 = nn.Conv2d(mid, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + identity)


class TinyResNeXt(nn.Module):
    """Same module names as torchvision's ResNet, so the same renaming and feature extraction apply."""

    def __init__(self, blocks, groups, width, base, stem, num_classes):
        super().__init__()
        self.conv1 = nn.Conv2d(3, stem, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(stem)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
        inplanes = stem
        for stage, count in enumerate(blocks):
            planes = base << stage
            mid = groups * width * planes // base
            layer = []
            for index in range(count):
                stride = 2 if stage > 0 and index == 0 else 1
                downsample = None
                if index == 0:
                    downsample = nn.Sequential(
                        nn.Conv2d(inplanes, planes * 4, 1, stride=stride, bias=False), nn.BatchNorm2d(planes * 4))
                layer.append(TinyBottleneck(inplanes, planes, mid, groups, stride, downsample))
                inplanes = planes * 4
            setattr(self, f"layer{stage + 1}", nn.Sequential(*layer))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(inplanes, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        return forward_all(self, x)["logits"]


def build_catalogue_model(blocks, groups, width):
    return tv.ResNet(tv.Bottleneck, blocks, num_classes=IMAGENET_CLASSES, groups=groups, width_per_group=width)


def randomise_and_calibrate(model):
    """BN affine parameters away from (1, 0), then cumulative running statistics from random batches, then a head
    scaled so logits spread like a trained classifier's (a few units) instead of all tying near zero."""
    for name, m in model.named_modules():
        if isinstance(m, nn.BatchNorm2d):
            # Trained ResNets keep each residual branch's last BN small (mmpretrain even zero-initialises it):
            # without that the residual stream grows with depth and ResNeXt-152 logits reach the hundreds.
            nn.init.uniform_(m.weight, *(RESIDUAL_GAMMA if name.endswith("bn3") else GAMMA))
            nn.init.normal_(m.bias, 0.0, 0.1)
            m.reset_running_stats()
            m.momentum = None  # None = cumulative average over every calibration batch
    model.train()
    with torch.no_grad():
        for _ in range(CALIBRATION_BATCHES):
            model(make_inputs(CALIBRATION_BATCH_SIZE, CALIBRATION_SIZE))
    model.eval()
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.momentum = 0.1
    with torch.no_grad():
        nn.init.normal_(model.fc.weight)
        nn.init.normal_(model.fc.bias, 0.0, 0.1)
        spread = model(make_inputs(HEAD_CALIBRATION_BATCH_SIZE)).std()
        model.fc.weight.mul_(LOGIT_STD / spread)


def make_inputs(count, size=CROP):
    pixels = torch.rand(count, 3, NOISE_SIZE, NOISE_SIZE) * 255.0
    pixels = F.interpolate(pixels, size=(size, size), mode="bilinear", align_corners=False)
    return ((pixels - MEAN) / STD).float().contiguous()


def forward_all(model, inputs):
    with torch.no_grad():
        x = model.maxpool(model.relu(model.bn1(model.conv1(inputs))))
        backbone = model.layer4(model.layer3(model.layer2(model.layer1(x))))
        neck = torch.flatten(model.avgpool(backbone), 1)
        logits = model.fc(neck)
    return dict(backbone=backbone, neck=neck, logits=logits, softmax=logits.softmax(dim=-1))


def official_key(key):
    return "head." + key if key.startswith("fc.") else "backbone." + key


def official_state_dict(model):
    return collections.OrderedDict((official_key(k), v.clone()) for k, v in model.state_dict().items())


def official_meta(seed, **extra):
    # mmcls 0.x stored numpy scalars here; the C# unpickler must tolerate them.
    return dict(mmcls_version="0.12.0", epoch=np.int64(100), iter=np.int64(500400), seed=np.int64(seed),
                time="Thu Apr 29 12:00:00 2021", **extra)


def write_model(folder, name, model, spec, inputs, meta):
    outputs = forward_all(model, inputs)
    state = official_state_dict(model)
    torch.save({"meta": meta, "state_dict": state}, os.path.join(folder, name + ".pth"))
    save_npy(os.path.join(folder, "inputs.npy"), inputs)
    for key, value in outputs.items():
        save_npy(os.path.join(folder, key + ".npy"), value)
    with open(os.path.join(folder, "keys.json"), "w") as f:
        json.dump(collections.OrderedDict((k, list(v.shape)) for k, v in state.items()), f, indent=0)
    with open(os.path.join(folder, "spec.json"), "w") as f:
        json.dump(dict(spec, num_classes=int(outputs["logits"].shape[1]),
                       parameters=sum(p.numel() for p in model.parameters())), f, indent=1)
    return state


SAFETENSORS_DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16",
                      torch.int64: "I64"}


def tensor_bytes(tensor):
    # numpy has no bfloat16: reinterpret the 2-byte payload as int16, which keeps the bytes unchanged.
    t = tensor.contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def write_safetensors(path, tensors):
    """The safetensors layout: u64 LE header length, JSON header (space-padded to 8 bytes), raw LE data."""
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for key, tensor in tensors.items():
        blob = tensor_bytes(tensor)
        header[key] = {"dtype": SAFETENSORS_DTYPES[tensor.dtype], "shape": list(tensor.shape),
                       "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def sha256_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_tiny_variants(folder, state):
    def save(name, obj, **kwargs):
        torch.save(obj, os.path.join(folder, name), **kwargs)

    torchvision_names = collections.OrderedDict((k.split(".", 1)[1], v) for k, v in state.items())
    save("tiny_bare.pth", state)
    save("tiny_module.pth", {"meta": official_meta(SEED, CLASSES=tuple(TINY_CLASSES)),
                             "state_dict": collections.OrderedDict(("module." + k, v) for k, v in state.items())})
    save("tiny_torchvision.pth", torchvision_names)
    write_safetensors(os.path.join(folder, "tiny.safetensors"), state)
    save("tiny_legacy.pth", {"meta": official_meta(SEED), "state_dict": state}, _use_new_zipfile_serialization=False)

    mismatched = collections.OrderedDict(state)
    mismatched["backbone.layer2.0.conv2.weight"] = torch.zeros(32, 4, 3, 3)
    save("tiny_shape_mismatch.pth", {"meta": official_meta(SEED), "state_dict": mismatched})
    missing = collections.OrderedDict((k, v) for k, v in state.items() if k != "backbone.layer3.0.bn2.running_var")
    save("tiny_missing_key.pth", {"meta": official_meta(SEED), "state_dict": missing})
    unexpected = collections.OrderedDict(state)
    unexpected["backbone.layer4.0.extra.weight"] = torch.zeros(3)
    save("tiny_unexpected_key.pth", {"meta": official_meta(SEED), "state_dict": unexpected})

    official = os.path.join(folder, "tiny.pth")
    shutil.copyfile(official, os.path.join(folder, f"tiny_20240601-{sha256_of(official)[:8]}.pth"))
    wrong = "deadbeef" if not sha256_of(official).startswith("deadbeef") else "0badf00d"
    shutil.copyfile(official, os.path.join(folder, f"tiny_20240601-{wrong}.pth"))

    values = [[0.5, -1.25], [3.0, 1024.0]]
    typed = collections.OrderedDict((name, torch.tensor(values, dtype=dtype)) for dtype, name in SAFETENSORS_DTYPES.items())
    write_safetensors(os.path.join(folder, "dtypes.safetensors"), typed)
    with open(os.path.join(folder, "dtypes.json"), "w") as f:
        # Each dtype's own rounding of the values (I64 truncates), as float64 numbers.
        json.dump({name: [float(v) for v in t.double().flatten().tolist()] for name, t in typed.items()}, f)


def check_tiny_mirrors_torchvision():
    """The tiny module's formulas, at base 64, must give torchvision's (= mmpretrain's) keys and shapes."""
    spec = CATALOGUE["resnext50-32x4d"]
    mine = TinyResNeXt(spec["blocks"], spec["groups"], spec["width"], 64, 64, IMAGENET_CLASSES).state_dict()
    theirs = build_catalogue_model(**spec).state_dict()
    assert [(k, v.shape) for k, v in mine.items()] == [(k, v.shape) for k, v in theirs.items()]


def main():
    root = output_dir("models")
    started = time.time()
    seed_everything(SEED)
    check_tiny_mirrors_torchvision()

    folder = os.path.join(root, "tiny")
    os.makedirs(folder, exist_ok=True)
    model = TinyResNeXt(**TINY)
    randomise_and_calibrate(model)
    spec = {k: v for k, v in TINY.items() if k != "num_classes"}
    meta = official_meta(SEED, dataset_meta={"classes": TINY_CLASSES})
    state = write_model(folder, "tiny", model, spec, make_inputs(4), meta)
    write_tiny_variants(folder, state)
    print(f"tiny: {time.time() - started:.1f}s", flush=True)

    for index, (name, arch) in enumerate(CATALOGUE.items()):
        step = time.time()
        seed_everything(SEED + index + 1)
        folder = os.path.join(root, name)
        os.makedirs(folder, exist_ok=True)
        model = build_catalogue_model(**arch)
        randomise_and_calibrate(model)
        write_model(folder, name, model, dict(arch, base=64, stem=64), make_inputs(2), official_meta(SEED + index + 1))
        print(f"{name}: {time.time() - step:.1f}s", flush=True)
        del model
    print(f"make_models: {time.time() - started:.1f}s total", flush=True)


if __name__ == "__main__":
    main()
