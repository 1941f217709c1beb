"""Helpers shared by the make_*.py reference scripts. Kept tiny: each script should read on its own."""
import os
import random
import sys

import numpy as np
import torch


def output_dir(subdir):
    """argv[1] is the reference root (see generate.sh); returns and creates root/subdir."""
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} OUTDIR")
    path = os.path.join(sys.argv[1], subdir)
    os.makedirs(path, exist_ok=True)
    return path


def seed_everything(seed):
    """Fixed seeds and two threads (CI has two cores) so every run writes the same bytes."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(2)


def save_npy(path, tensor):
    """Writes a C-contiguous little-endian array, the only layout the C# NpyArray reader accepts."""
    array = tensor.detach().cpu().numpy() if isinstance(tensor, torch.Tensor) else tensor
    np.save(path, np.ascontiguousarray(array))
