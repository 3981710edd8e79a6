"""Reads a published demoshard version the way training code does and checks it against its manifest.

Run by io.demoshard.publish.PythonInteropTest: python read_version.py VERSION_DIR
Prints one JSON line of measured figures last; exits non-zero (AssertionError) on any mismatch.
"""
import json
import os
import sys

import numpy as np
import PIL.Image
import pyarrow.parquet as pq
import torch
from datasets import Image, load_dataset
from torch.utils.data import DataLoader, Dataset

version = sys.argv[1]
with open(os.path.join(version, "manifest.json")) as f:
    manifest = json.load(f)
present = [s for s in ("train", "val", "test") if manifest["splits"][s]["rows"] > 0]
out = {"splits": {}}

# --- pyarrow: every shard the manifest lists, row counts as listed
for shard in manifest["shards"]:
    t = pq.read_table(os.path.join(version, shard["path"]))
    assert t.num_rows == shard["rows"], (shard["path"], t.num_rows, shard["rows"])
out["pyarrow_rows"] = sum(pq.read_metadata(os.path.join(version, s["path"])).num_rows for s in manifest["shards"])

# --- datasets through the card's own configs (README.md YAML), then with explicit data_files as the card shows
by_card = load_dataset(version)
assert sorted(by_card.keys()) == sorted(present), (list(by_card.keys()), present)
ds = load_dataset("parquet", data_files={s: os.path.join(version, s, "*.parquet") for s in present})
frames_checked = 0
for s in present:
    split = ds[s]
    assert split.num_rows == manifest["splits"][s]["rows"], (s, split.num_rows)
    assert by_card[s].num_rows == split.num_rows
    # the footer's features were used, not inferred from the Arrow types: no cast needed
    assert isinstance(split.features["frames"].feature["image"], Image), split.features["frames"]
    for ep in split:
        assert isinstance(ep["steps"], list) and all(isinstance(st, dict) for st in ep["steps"]), type(ep["steps"])
        assert len(ep["steps"]) == ep["num_steps"] and len(ep["frames"]) == ep["num_frames"]
        for fr in ep["frames"]:
            img = fr["image"]
            assert isinstance(img, PIL.Image.Image), type(img)
            assert img.size == (fr["width"], fr["height"]), (img.size, fr["width"], fr["height"])
            assert img.format.lower() == fr["format"].replace("jpg", "jpeg"), (img.format, fr["format"])
            frames_checked += 1
    out["splits"][s] = split.num_rows
out["frames_decoded"] = frames_checked


# --- PyTorch: one item per (step, observation image)
class Steps(Dataset):
    def __init__(self, hf):
        self.hf = hf
        self.index = [(e, s) for e, steps in enumerate(hf["steps"])
                      for s, st in enumerate(steps) if st["frame"] is not None]

    def __len__(self):
        return len(self.index)

    def __getitem__(self, i):
        e, s = self.index[i]
        ep = self.hf[e]
        step = ep["steps"][s]
        img = ep["frames"][step["frame"]]["image"].convert("RGB")
        return step["action"], torch.from_numpy(np.asarray(img)).permute(2, 0, 1)


pairs = 0
for s in present:
    loader = DataLoader(Steps(ds[s]), batch_size=4, collate_fn=lambda b: tuple(zip(*b)))
    for actions, images in loader:
        assert len(actions) == len(images) > 0
        for a, im in zip(actions, images):
            assert isinstance(a, str) and im.dtype == torch.uint8 and im.shape[0] == 3, (a, im.shape)
        pairs += len(actions)
out["torch_pairs"] = pairs
print(json.dumps(out, sort_keys=True))
