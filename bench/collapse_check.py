#!/usr/bin/env python3
"""Does a recipe collapse to one answer in PyTorch too? Trains an architecture's PyTorch twin
(bench/pytorch_reference.py) on real BCCD images with its recipe, or with another optimizer and
learning rate, and every 50 steps prints validation accuracy and loss, how the validation
predictions spread over the four classes, and the share of dead units in the last ReLU layer
(units whose output is 0 for every validation image).

    /usr/bin/python3 bench/collapse_check.py basicCnn --steps 400
    /usr/bin/python3 bench/collapse_check.py basicCnn --optimizer adam --lr 1e-4

Images: 1,000 per class from TRAIN and 150 per class from TEST (seeded sample), resized with PIL's
bilinear filter to the recipe's size and divided by 255 (the Keras recipes' normalisation).
"""
import argparse
import dataclasses
import glob
import os
import random
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pytorch_reference as R  # noqa: E402

CLASSES = ["EOSINOPHIL", "LYMPHOCYTE", "MONOCYTE", "NEUTROPHIL"]


def load(root, split, per_class, width, height, seed):
    rng = random.Random(seed)
    xs, ys = [], []
    for label, c in enumerate(CLASSES):
        files = sorted(glob.glob(os.path.join(root, "dataset2-master", "images", split, c, "*.jpeg")))
        if len(files) < per_class:
            sys.exit(f"{split}/{c}: {len(files)} images under {root}, need {per_class}; pass --data DIR")
        for f in rng.sample(files, per_class):
            image = Image.open(f).convert("RGB").resize((width, height), Image.BILINEAR)
            xs.append(np.asarray(image, dtype=np.uint8))
            ys.append(label)
    return torch.from_numpy(np.stack(xs)).permute(0, 3, 1, 2).contiguous(), torch.tensor(ys)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("model")
    p.add_argument("--steps", type=int, default=400)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--optimizer", choices=["adam", "sgd", "rmsprop", "adadelta"])
    p.add_argument("--lr", type=float)
    p.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "bccd"))
    a = p.parse_args()
    torch.set_num_threads(os.cpu_count() or 1)
    entry = R.build_registry(basic_cnn_dropout=0.2)[a.model]  # the zoo builder's default dropout
    recipe = entry.recipe
    if a.optimizer or a.lr:
        recipe = dataclasses.replace(recipe, optimizer=a.optimizer or recipe.optimizer, lr=a.lr or recipe.lr)
    if recipe.flat_input:
        sys.exit("the autoencoders take flat input with a joint loss; this check is for image classifiers")
    xtr, ytr = load(a.data, "TRAIN", 1000, recipe.width, recipe.height, a.seed)
    xva, yva = load(a.data, "TEST", 150, recipe.width, recipe.height, a.seed)
    torch.manual_seed(a.seed)
    model = entry.build()
    optimizer = recipe.make_optimizer([q for q in model.parameters() if q.requires_grad])
    relus = [m for m in model.modules() if isinstance(m, nn.ReLU)]
    captured = {}
    if relus:
        relus[-1].register_forward_hook(lambda m, i, o: captured.__setitem__("out", o.detach()))
    print(f"{a.model}: {recipe.optimizer} lr {recipe.lr:g}, batch {recipe.batch}, {recipe.width}x{recipe.height}",
          flush=True)

    def validate():
        model.eval()
        with torch.no_grad():
            outs, acts = [], []
            for i in range(0, len(yva), 50):
                outs.append(model(xva[i:i + 50].float() / 255))
                if "out" in captured:
                    acts.append(captured["out"].flatten(2).amax(2) if captured["out"].dim() > 2 else captured["out"])
        model.train()
        out = torch.cat(outs)
        pred = out.argmax(1)
        dead = (torch.cat(acts).amax(0) <= 0).float().mean().item() if acts else float("nan")
        return (pred == yva).float().mean().item(), F.cross_entropy(out, yva).item(), \
            torch.bincount(pred, minlength=4).tolist(), dead

    generator = torch.Generator().manual_seed(a.seed)
    step, losses = 0, []
    while step < a.steps:
        order = torch.randperm(len(ytr), generator=generator)
        for i in range(0, len(order) - recipe.batch + 1, recipe.batch):
            idx = order[i:i + recipe.batch]
            loss = F.cross_entropy(model(xtr[idx].float() / 255), ytr[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            step += 1
            if step % 50 == 0:
                acc, val_loss, counts, dead = validate()
                print(f"step {step}: train loss {np.mean(losses[-50:]):.4f} | val acc {acc:.3f} loss {val_loss:.4f}"
                      f" | predictions per class {counts} | dead units {dead:.2f}", flush=True)
            if step >= a.steps:
                break


if __name__ == "__main__":
    main()
