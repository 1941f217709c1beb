"""Pillow + numpy baseline for `resnext bench preprocessing`: the ImageNet test pipeline as a Pillow user writes it.

Per image, from encoded bytes already in memory: Image.open(BytesIO), EXIF orientation applied (ImageOps.exif_transpose,
as mmcv's Pillow backend does, but only when the tag moves pixels: otherwise Pillow would return a needless copy),
convert("RGB") when not RGB already, resize the short edge to 256 with Image.BILINEAR (long edge int(256 * long /
short), mmpretrain's ResizeEdge), centre crop 224 (mmcv's offsets), float32, (x - mean) / std, HWC -> CHW
contiguous. This is leaner than mmcv's _pillow2array + imresize (which copy the full image two or three more times),
so it is the stronger baseline.

  --make-images DIR   writes the benchmark images (see make_images) and prints {"images": [paths]}
  --images P...       times one round and prints one JSON object:
      {"pillow": v, "numpy": v, "libjpeg_turbo": v, "workers": n, "batch": n,
       "modes": {"single": {"file": [seconds per image, ...]}, "all-cores": {"file": [seconds per image, ...]}},
       "sha256": {"file": hex of the float32 CHW tensor's little-endian bytes}}
    single: sequential in this process (one thread); each entry is one image.
    all-cores: a multiprocessing Pool of --workers processes (default os.cpu_count()), started and warmed before
      timing; each entry is the wall time of mapping --batch copies of the image over the pool, divided by --batch.
      The workers keep their tensors: the transfer back to the parent (a DataLoader's shared-memory copy) is not timed.
  --dump DIR          also writes each image's tensor as raw float32 (DIR/file.f32) for an exact comparison.
Timing stays in the caller's hands (rounds, alternation, medians); this script only measures one round.

Not a make_*.py: generate.sh does not run it and it writes no reference data.
"""
import argparse
import hashlib
import io
import json
import multiprocessing
import os
import sys
import time

# One thread per process, whatever numpy was built with: the single mode means one core, and the pool owns the rest.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter, ImageOps, features  # noqa: E402
import PIL  # noqa: E402

RESIZE_SHORT_EDGE = 256
CROP_SIZE = 224
MEAN = np.array([123.675, 116.28, 103.53], dtype=np.float32)
STD = np.array([58.395, 57.12, 57.375], dtype=np.float32)
EXIF_ORIENTATION_TAG = 0x0112
IDENTITY_ORIENTATION = 1

JPEG_QUALITY = 90
JPEG_SUBSAMPLING = "4:2:0"
SEED = 20240611
SHAPES = 30
# Soft edges at the same relative scale whatever the size, like a lens; the noise is sensor grain.
BLUR_PER_PIXEL = 0.003
NOISE_SIGMA = 4
# (file, width, height): a typical ImageNet-sized photo, a phone-camera-sized one, and a lossless file.
IMAGES = [("photo_500x375.jpg", 500, 375), ("photo_2000x1500.jpg", 2000, 1500), ("photo_500x375.png", 500, 375)]

ENCODED = {}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--make-images", metavar="DIR", help="write the benchmark images into DIR")
    what.add_argument("--images", nargs="+", metavar="PATH", help="time these encoded images")
    parser.add_argument("--modes", nargs="+", choices=["single", "all-cores"], default=["single", "all-cores"])
    parser.add_argument("--warmup", type=int, default=5, help="untimed images (single) per image")
    parser.add_argument("--iterations", type=int, default=20, help="timed images (single) per image")
    parser.add_argument("--batch", type=int, default=64, help="copies of the image per all-cores batch")
    parser.add_argument("--batches", type=int, default=3, help="timed all-cores batches per image (after one untimed)")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--dump", metavar="DIR", help="write each image's tensor as raw float32 into DIR")
    return parser.parse_args()


def photo_like(rng, width, height):
    """Smooth gradients, soft-edged shapes and mild noise: JPEG-compressible like a photo, not a flat test card."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    u, v = x / (width - 1), y / (height - 1)
    sky = np.stack([90 + 80 * v, 140 + 60 * v, 230 - 90 * v + 20 * np.sin(5 * u)], axis=-1)
    image = Image.fromarray(np.clip(sky, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(SHAPES):
        colour = tuple(int(c) for c in rng.integers(0, 256, size=3))
        x0, y0 = rng.uniform(-0.1, 1.0) * width, rng.uniform(-0.1, 1.0) * height
        x1, y1 = x0 + rng.uniform(0.02, 0.3) * width, y0 + rng.uniform(0.02, 0.3) * height
        shape = rng.integers(0, 3)
        if shape == 0:
            draw.ellipse([x0, y0, x1, y1], fill=colour)
        elif shape == 1:
            draw.rectangle([x0, y0, x1, y1], fill=colour)
        else:
            draw.polygon([(x0, y1), ((x0 + x1) / 2, y0), (x1, y1)], fill=colour)
    blurred = np.asarray(image.filter(ImageFilter.GaussianBlur(radius=BLUR_PER_PIXEL * width)), dtype=np.float32)
    noisy = blurred + rng.normal(0, NOISE_SIGMA, size=blurred.shape)
    return Image.fromarray(np.clip(np.rint(noisy), 0, 255).astype(np.uint8))


def make_images(folder):
    """JPEGs at quality 90 with 4:2:0 chroma (what cameras and Pillow's default produce); the PNG is the small photo,
    8-bit RGB at Pillow's default zlib level. Same seed, same libraries: same bytes."""
    os.makedirs(folder, exist_ok=True)
    paths = []
    pictures = {}
    for index, (file, width, height) in enumerate(IMAGES):
        if (width, height) not in pictures:
            pictures[(width, height)] = photo_like(np.random.default_rng(SEED + index), width, height)
        path = os.path.join(folder, file)
        if file.endswith(".jpg"):
            pictures[(width, height)].save(path, "JPEG", quality=JPEG_QUALITY, subsampling=JPEG_SUBSAMPLING)
        else:
            pictures[(width, height)].save(path, "PNG")
        paths.append(path)
    return paths


def resize_edge_size(width, height):
    """mmpretrain ResizeEdge(scale=256, edge='short'): the short edge becomes 256, the other int(256 * long / short)."""
    if width < height:
        return RESIZE_SHORT_EDGE, int(RESIZE_SHORT_EDGE * height / width)
    return int(RESIZE_SHORT_EDGE * width / height), RESIZE_SHORT_EDGE


def crop_offset(length):
    """mmcv CenterCrop: int(round((size - crop) / 2.)), Python's round being half to even."""
    return max(0, int(round((length - CROP_SIZE) / 2.0)))


def preprocess(data):
    image = Image.open(io.BytesIO(data))
    if image.getexif().get(EXIF_ORIENTATION_TAG, IDENTITY_ORIENTATION) != IDENTITY_ORIENTATION:
        image = ImageOps.exif_transpose(image)
    if image.mode != "RGB":
        image = image.convert("RGB")
    resized = np.asarray(image.resize(resize_edge_size(*image.size), Image.BILINEAR))
    top, left = crop_offset(resized.shape[0]), crop_offset(resized.shape[1])
    crop = resized[top:top + CROP_SIZE, left:left + CROP_SIZE]
    return np.ascontiguousarray(((crop.astype(np.float32) - MEAN) / STD).transpose(2, 0, 1))


def work(name):
    """A pool task: the tensor stays in the worker, like the C# side's slot in a batch buffer."""
    preprocess(ENCODED[name])


def time_single(name, args):
    data = ENCODED[name]
    for _ in range(args.warmup):
        preprocess(data)
    times = []
    for _ in range(args.iterations):
        started = time.perf_counter()
        preprocess(data)
        times.append(time.perf_counter() - started)
    return times


def time_all_cores(pool, name, args):
    tasks = [name] * args.batch
    pool.map(work, tasks)
    times = []
    for _ in range(args.batches):
        started = time.perf_counter()
        pool.map(work, tasks)
        times.append((time.perf_counter() - started) / args.batch)
    return times


def main():
    args = parse_args()
    if args.make_images:
        json.dump({"images": make_images(args.make_images)}, sys.stdout)
        print()
        return
    for path in args.images:
        with open(path, "rb") as f:
            ENCODED[os.path.basename(path)] = f.read()
    names = list(ENCODED)
    modes = {}
    if "single" in args.modes:
        modes["single"] = {name: time_single(name, args) for name in names}
    if "all-cores" in args.modes:
        # fork: the workers inherit ENCODED, so no image bytes are pickled while the clock runs.
        with multiprocessing.get_context("fork").Pool(args.workers) as pool:
            pool.map(work, names * args.workers)
            modes["all-cores"] = {name: time_all_cores(pool, name, args) for name in names}
    digests = {}
    for name in names:
        tensor = preprocess(ENCODED[name])
        raw = tensor.astype("<f4", copy=False).tobytes()
        digests[name] = hashlib.sha256(raw).hexdigest()
        if args.dump:
            with open(os.path.join(args.dump, name + ".f32"), "wb") as f:
                f.write(raw)
    json.dump({"pillow": PIL.__version__, "numpy": np.__version__, "libjpeg_turbo": features.version("libjpeg_turbo"),
               "workers": args.workers, "batch": args.batch, "modes": modes, "sha256": digests}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
