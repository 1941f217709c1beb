"""Golden data for the C# preprocessing (decode, Pillow BILINEAR resize, centre crop, normalise).

Writes OUTDIR/preprocessing/: synthetic images in every accepted format, and for each one the crop and the
normalised tensor that mmpretrain's test pipeline (configs/_base_/datasets/imagenet_bs32_pil_resize.py) would
produce, computed with Debian's Pillow 9.4 and PyTorch 1.13. Also small resize cases (source, target size,
Pillow output) that pin the resampler down without the crop hiding any columns.

mmpretrain decodes with OpenCV (IMREAD_COLOR), which no Debian package gives us here; Pillow stands in for it.
The two agree exactly once the reference copies OpenCV's rules below (EXIF orientation applied, alpha dropped
without compositing, 16-bit reduced with >> 8, CMYK converted with OpenCV's formula). Both decode JPEG with
libjpeg-turbo's defaults (accurate integer IDCT, "fancy" chroma upsampling), as the C# side does through
TurboJPEG, so the raw JPEG decode is saved too and must match exactly, not just the crop.
"""
import json
import os
import struct
import sys
import zlib

import numpy as np
import torch
from PIL import Image, ImageOps

RESIZE_SHORT_EDGE = 256
CROP_SIZE = 224
MEAN = [123.675, 116.28, 103.53]
STD = [58.395, 57.12, 57.375]
JPEG_QUALITY = 90
EXIF_ORIENTATION_TAG = 0x0112
SEED = 20240607


def smooth_noisy_rgb(rng, width, height, noise=18):
    """Gradients plus noise: smooth areas show rounding errors, noise shows wrong taps."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    u = x / max(width - 1, 1)
    v = y / max(height - 1, 1)
    base = np.stack([255 * u, 255 * v, 127.5 + 127.5 * np.sin(6 * u + 4 * v)], axis=-1)
    noisy = base + rng.normal(0, noise, size=base.shape)
    return np.clip(np.rint(noisy), 0, 255).astype(np.uint8)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def write_png16(path, samples, color_type):
    """Pillow cannot write 48/64-bit PNGs, so 16-bit colour images are encoded by hand (filter 0 rows)."""
    height, width = samples.shape[:2]
    header = struct.pack(">IIBBBBB", width, height, 16, color_type, 0, 0, 0)
    rows = samples.astype(">u2").reshape(height, -1).tobytes()
    stride = len(rows) // height
    raw = b"".join(b"\x00" + rows[i * stride:(i + 1) * stride] for i in range(height))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(png_chunk(b"IHDR", header))
        f.write(png_chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(png_chunk(b"IEND", b""))


def resize_edge_size(width, height):
    """mmpretrain ResizeEdge(scale=256, edge='short'): the short edge becomes 256, the other int(256 * long / short)."""
    if width < height:
        return RESIZE_SHORT_EDGE, int(RESIZE_SHORT_EDGE * height / width)
    return int(RESIZE_SHORT_EDGE * width / height), RESIZE_SHORT_EDGE


def center_crop(array):
    """mmcv CenterCrop: offsets int(round((size - crop) / 2.)), Python's round being half to even."""
    height, width = array.shape[:2]
    top = max(0, int(round((height - CROP_SIZE) / 2.0)))
    left = max(0, int(round((width - CROP_SIZE) / 2.0)))
    return array[top:top + CROP_SIZE, left:left + CROP_SIZE]


def normalise(crop):
    """mmpretrain's data preprocessor: float32, then (x - mean) / std per channel, CHW."""
    chw = torch.from_numpy(np.ascontiguousarray(crop.transpose(2, 0, 1))).float()
    mean = torch.tensor(MEAN).view(3, 1, 1)
    std = torch.tensor(STD).view(3, 1, 1)
    return ((chw - mean) / std).numpy()


def cmyk_to_rgb_like_opencv(image):
    """OpenCV asks libjpeg for raw CMYK (Adobe-inverted: 255 means no ink) and converts with icvCvt_CMYK2BGR_8u_C4C3R:
    r = k - ((255 - c) * k >> 8). Pillow always reads CMYK JPEGs as "CMYK;I", i.e. 255 - raw, so raw is undone first.
    Pillow's own convert("RGB") rounds differently (a division by 255), which is not what mmpretrain sees."""
    raw = 255 - np.asarray(image).astype(np.int32)
    k = raw[:, :, 3:4]
    return (k - (((255 - raw[:, :, :3]) * k) >> 8)).astype(np.uint8)


def decode_like_opencv(path):
    """Pillow decode with OpenCV IMREAD_COLOR's rules: EXIF orientation, 3 channels, RGB as stored, 16-bit >> 8."""
    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image)
        if image.mode == "CMYK":
            return cmyk_to_rgb_like_opencv(image)
        if image.mode in ("I;16", "I;16B", "I"):
            gray = (np.asarray(image).astype(np.uint32) >> 8).astype(np.uint8)
            return np.repeat(gray[:, :, None], 3, axis=2)
        if image.mode == "RGBA":
            return np.asarray(image)[:, :, :3].copy()
        return np.asarray(image.convert("RGB")).copy()


def decode_png16(path):
    """Pillow reads 48/64-bit PNGs as 8-bit RGB(A) with its own rounding, so the samples are unpacked directly."""
    with open(path, "rb") as f:
        data = f.read()
    width, height, _, color_type = struct.unpack(">IIBB", data[16:26])
    channels = 3 if color_type == 2 else 4
    length = struct.unpack(">I", data[33:37])[0]
    raw = zlib.decompress(data[41:41 + length])
    rows = np.frombuffer(raw, dtype=np.uint8).reshape(height, 1 + width * channels * 2)
    assert (rows[:, 0] == 0).all()
    samples = rows[:, 1:].copy().view(">u2").reshape(height, width, channels)
    return (samples[:, :, :3] >> 8).astype(np.uint8)


def pipeline(rgb):
    height, width = rgb.shape[:2]
    size = resize_edge_size(width, height)
    resized = np.asarray(Image.fromarray(rgb).resize(size, Image.BILINEAR))
    crop = np.ascontiguousarray(center_crop(resized))
    return size, crop, normalise(crop)


def make_images(rng, out):
    """Returns (file, kind) pairs; each image is written into out."""
    cases = []

    def save(name, image, kind, **params):
        image.save(os.path.join(out, name), **params)
        cases.append((name, kind))

    for width, height in [(375, 500), (500, 375), (300, 300), (100, 80), (257, 301), (641, 480), (3, 2), (1, 1),
                          (224, 224), (256, 1000)]:
        save(f"rgb_{width}x{height}.png", Image.fromarray(smooth_noisy_rgb(rng, width, height)), "png")

    rgb = smooth_noisy_rgb(rng, 320, 240)
    save("gray_320x240.png", Image.fromarray(rgb[:, :, 1]), "png")
    save("palette_240x320.png", Image.fromarray(smooth_noisy_rgb(rng, 240, 320)).quantize(256), "png")
    alpha = rng.integers(0, 256, size=(240, 320, 1), dtype=np.uint8)
    save("rgba_320x240.png", Image.fromarray(np.concatenate([rgb, alpha], axis=2), "RGBA"), "png")

    gray16 = (rng.integers(0, 65536, size=(300, 400))).astype(np.uint16)
    save("gray16_400x300.png", Image.fromarray(gray16), "png")
    rgb16 = rng.integers(0, 65536, size=(260, 350, 3)).astype(np.uint16)
    write_png16(os.path.join(out, "rgb16_350x260.png"), rgb16, color_type=2)
    cases.append(("rgb16_350x260.png", "png16"))
    rgba16 = rng.integers(0, 65536, size=(270, 330, 4)).astype(np.uint16)
    write_png16(os.path.join(out, "rgba16_330x270.png"), rgba16, color_type=6)
    cases.append(("rgba16_330x270.png", "png16"))

    other = Image.fromarray(smooth_noisy_rgb(rng, 330, 250))
    save("rgb_330x250.bmp", other, "lossless")
    save("rgb_330x250.tiff", other, "lossless")
    save("rgb_330x250.webp", other, "lossless", lossless=True)
    save("palette_330x250.gif", other.quantize(256), "lossless")

    # Chroma subsampling is where decoders differ most (libjpeg-turbo's "fancy" triangular upsampling), so the
    # JPEGs come in 4:2:0 (Pillow's default at this quality), 4:4:4, greyscale, progressive and CMYK.
    photo = Image.fromarray(smooth_noisy_rgb(rng, 500, 375))
    save("photo420_500x375.jpg", photo, "jpeg", quality=JPEG_QUALITY)
    save("photo444_500x375.jpg", photo, "jpeg", quality=JPEG_QUALITY, subsampling=0)
    save("gray_photo_500x375.jpg", photo.convert("L"), "jpeg", quality=JPEG_QUALITY)
    save("progressive420_500x375.jpg", photo, "jpeg", quality=JPEG_QUALITY, progressive=True)
    save("cmyk_500x375.jpg", photo.convert("CMYK"), "jpeg", quality=JPEG_QUALITY)
    smooth = Image.fromarray(smooth_noisy_rgb(rng, 480, 360, noise=2))
    save("smooth420_480x360.jpg", smooth, "jpeg", quality=JPEG_QUALITY)
    # Every EXIF orientation but the identity; odd sizes so that a swapped axis or an off-by-one flip shows.
    rotated = Image.fromarray(smooth_noisy_rgb(rng, 401, 299))
    for orientation in range(2, 9):
        exif = Image.Exif()
        exif[EXIF_ORIENTATION_TAG] = orientation
        save(f"exif{orientation}_401x299.jpg", rotated, "jpeg", quality=JPEG_QUALITY, exif=exif.tobytes())
    return cases


def write_resize_cases(rng, out):
    """Full Pillow resizes of small arrays (no crop), covering down- and upscaling, identity axes and 1-pixel edges."""
    shapes = [((7, 5), (3, 2)), ((3, 2), (8, 7)), ((1000, 3), (37, 3)), ((5, 9), (5, 4)), ((1, 1), (4, 3)),
              ((301, 257), (256, 298)), ((640, 480), (341, 256)), ((13, 11), (13, 11))]
    cases = []
    for index, ((width, height), (out_width, out_height)) in enumerate(shapes):
        source = rng.integers(0, 256, size=(height, width, 3), dtype=np.uint8)
        resized = np.asarray(Image.fromarray(source).resize((out_width, out_height), Image.BILINEAR))
        source_file, resized_file = f"resize{index}.source.npy", f"resize{index}.resized.npy"
        np.save(os.path.join(out, source_file), source)
        np.save(os.path.join(out, resized_file), np.ascontiguousarray(resized))
        cases.append({"source": source_file, "resized": resized_file, "width": out_width, "height": out_height})
    return cases


def main():
    out = os.path.join(sys.argv[1], "preprocessing")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(SEED)
    images = []
    for file, kind in make_images(rng, out):
        path = os.path.join(out, file)
        rgb = decode_png16(path) if kind == "png16" else decode_like_opencv(path)
        size, crop, tensor = pipeline(rgb)
        stem = os.path.splitext(file)[0]
        entry = {"file": file, "kind": kind, "width": rgb.shape[1], "height": rgb.shape[0],
                 "resizedWidth": size[0], "resizedHeight": size[1],
                 "crop": f"{stem}.crop.npy", "input": f"{stem}.input.npy"}
        np.save(os.path.join(out, entry["crop"]), crop)
        np.save(os.path.join(out, entry["input"]), tensor)
        if kind.startswith("jpeg"):
            entry["decoded"] = f"{stem}.decoded.npy"
            np.save(os.path.join(out, entry["decoded"]), rgb)
        images.append(entry)
    manifest = {"images": images, "resizes": write_resize_cases(rng, out)}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)


if __name__ == "__main__":
    main()
