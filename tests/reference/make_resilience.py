"""A second version of the tiny model for the resilience tests' hot reload: same architecture and checkpoint layout
as models/tiny/tiny.pth, but its classifier rows are rotated by one class, so every image's top label moves to the
next class. A response that mixed the two versions (or answered with the wrong one for its checkpoint hash) is then
visible from the predicted labels alone, without any numeric tolerance."""
import os
import sys

import torch

from common import output_dir, seed_everything

HEAD_KEYS = ("head.fc.weight", "head.fc.bias")


def main():
    seed_everything(0)
    source = os.path.join(sys.argv[1], "models", "tiny", "tiny.pth")
    checkpoint = torch.load(source, map_location="cpu")
    state = checkpoint["state_dict"]
    for key in HEAD_KEYS:
        state[key] = torch.roll(state[key], shifts=1, dims=0).contiguous()
    torch.save(checkpoint, os.path.join(output_dir("resilience"), "tiny_v2.pth"))


if __name__ == "__main__":
    main()
