#!/usr/bin/python3
"""PyTorch reference for `./wbc bench models`: every wbc-zoo architecture, timed the same way.

The architectures follow /work/shared/docs/architectures.md (the zoo's definition; the Java
builders in wbc-models are the same networks in DL4J). Each registry name maps to a builder and
the recipe's input size, batch size, optimizer and loss, so that the Java and PyTorch numbers of
one machine can be compared as ratios.

Methodology (the same as the Java benchmark):
  * float32, NCHW, torch.set_num_threads(os.cpu_count()); the thread count is printed.
  * Synthetic input of the recipe's shape and batch size (standard normal values) with random
    labels in 0..3, created once per model and reused for every iteration.
  * Training step = optimizer.zero_grad(set_to_none=True) + forward + loss + backward +
    optimizer.step(), in train mode, with the recipe's optimizer (Adam, Adadelta(lr=1.0, rho=0.95,
    eps=1e-7), SGD or RMSprop) and loss (cross-entropy on logits; the autoencoder adds
    MSE(reconstruction, input)). Frozen layers (vgg16Transfer) have requires_grad=False and are
    not given to the optimizer, as Keras' trainable=False.
  * Inference = model.eval() + torch.no_grad() forward at batch 32 -> images/s, and at batch 1
    -> latency in ms.
  * Each figure is the median of --runs timed iterations after --warmup untimed ones.
  * Peak memory = the process's peak resident set (VmHWM in /proc/self/status), reset before each
    model by writing "5" to /proc/self/clear_refs after the previous model was freed; it covers
    building the model, training and inference, and includes the interpreter and libtorch
    (a baseline of a few hundred MB).
  * FLOPs: forward FLOPs per image, counted analytically by forward hooks on nn.Conv2d and
    nn.Linear only (2 * k_h * k_w * (C_in / groups) * C_out * H_out * W_out per conv,
    2 * in * out per linear layer). gflops = 3 * forward FLOPs per image * training images/s / 1e9
    (forward, input gradient, weight gradient); inferGflops = forward FLOPs per image *
    inference images/s / 1e9. For vgg16Transfer, whose frozen blocks need no gradients, the 3x
    convention overstates the work actually done; it is kept so both sides use one formula.
  * Noise: on a shared 2-core machine the figures vary by 2-4x between runs, batch-1 latency most
    (every op ends in an OpenMP barrier, and a descheduled thread stalls it). Under such load
    OMP_WAIT_POLICY=PASSIVE made the small myCnn models 2-4x faster than GNU OpenMP's default
    spin-waiting; the script leaves the environment as it finds it. Compare only ratios measured
    side by side, in one run, on an otherwise idle machine.

Usage:
  /usr/bin/python3 bench/pytorch_reference.py                      # every model, a table
  /usr/bin/python3 bench/pytorch_reference.py --json > bench.json  # the same as JSON
  /usr/bin/python3 bench/pytorch_reference.py --models resNet18,myCnn.v9 --warmup 2 --runs 5
  /usr/bin/python3 bench/pytorch_reference.py --check-params       # parameter counts vs the doc
  /usr/bin/python3 bench/pytorch_reference.py --models basicCnn --train-files train.csv --steps 20 --json
      # a user's training loop on real images (path,label_index lines); ./wbc bench train --pytorch runs it

--train-files (for `./wbc bench train --pytorch`): the twin is trained on the listed image files, decoded
once with PIL (bilinear resize to the input size) into uint8 memory before timing; each step converts its
batch to float and z-scores it per channel (statistics of those images), then zero_grad + forward + loss +
backward + step with the recipe's optimizer at the given learning rate, and loss.item(). No augmentation.
Training images/s covers batch preparation and the step, over --steps steps after --warmup untimed ones.

Needs only the standard library, numpy and torch (Debian's python3-torch 1.13 runs it; no
torchvision: ResNet-18 and VGG16 are defined here with torchvision's structure).
"""

from __future__ import annotations

import argparse
import ctypes
import dataclasses
import gc
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

NUM_CLASSES = 4  # EOSINOPHIL, LYMPHOCYTE, MONOCYTE, NEUTROPHIL
INFER_BATCH = 32
KERAS_EPSILON = 1e-7  # Keras' epsilon for Adam, RMSprop and Adadelta


# ---------------------------------------------------------------------------------------------
# Recipes and the registry entry
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Recipe:
    """What the benchmark needs of a recipe: input size, batch, optimizer and loss."""
    height: int
    width: int
    batch: int
    optimizer: str          # adam | adadelta | sgd | rmsprop
    lr: float
    eps: float = 1e-8       # Adam's epsilon: PyTorch's 1e-8, Keras' 1e-7
    loss: str = "ce"        # ce | ae (cross-entropy + MSE reconstruction)
    flat_input: bool = False  # the autoencoder takes (batch, H*W*3)

    def make_optimizer(self, params):
        if self.optimizer == "adam":
            return torch.optim.Adam(params, lr=self.lr, eps=self.eps)
        if self.optimizer == "adadelta":
            return torch.optim.Adadelta(params, lr=self.lr, rho=0.95, eps=KERAS_EPSILON)
        if self.optimizer == "sgd":
            return torch.optim.SGD(params, lr=self.lr)
        if self.optimizer == "rmsprop":
            # Keras RMSprop: rho 0.9 (PyTorch's alpha), epsilon 1e-7.
            return torch.optim.RMSprop(params, lr=self.lr, alpha=0.9, eps=KERAS_EPSILON)
        raise ValueError(f"unknown optimizer {self.optimizer}")


@dataclass(frozen=True)
class Entry:
    """A registry entry: how to build the network, its recipe and the doc's parameter figure."""
    name: str
    build: Callable[[], nn.Module]
    recipe: Recipe
    expected_params: Optional[int] = None   # exact figure from architectures.md
    expected_rounded_millions: Optional[int] = None  # "472M"-style figure from architectures.md
    # architectures.md gives vgg16Gap's figure "when nothing is frozen": count every parameter.
    expected_counts_frozen_too: bool = False


# Recipes (architectures.md; batch sizes the doc leaves open follow the Java recipes: Keras' 32).
CHEN_ZHU = Recipe(240, 320, batch=4, optimizer="adam", lr=1e-3)             # resNet18
MYCNN = dataclasses.replace(CHEN_ZHU, lr=1e-4)                             # myCnn: Adam 1e-4
INCEPTION = Recipe(60, 80, batch=32, optimizer="adadelta", lr=1.0)
UNET = Recipe(240, 320, batch=32, optimizer="adam", lr=1e-3, eps=KERAS_EPSILON)
BASIC_CNN = Recipe(120, 160, batch=32, optimizer="adam", lr=1e-3, eps=KERAS_EPSILON)
BASIC_CNN_OPTIMIZERS = {"adam": 1e-3, "sgd": 0.01, "rmsprop": 1e-3}  # the study's three, with its rates
VGG16_TRANSFER = Recipe(224, 224, batch=32, optimizer="adam", lr=1e-3, eps=KERAS_EPSILON)
VGG16_GAP = dataclasses.replace(VGG16_TRANSFER, lr=1e-4)  # the Java recipe's fine-tuning rate
DEPTHWISE = Recipe(150, 150, batch=32, optimizer="adam", lr=1e-3, eps=KERAS_EPSILON)


# ---------------------------------------------------------------------------------------------
# Shared layers and initialisation
# ---------------------------------------------------------------------------------------------

def same_conv(c_in: int, c_out: int, kh: int, kw: int, bias: bool = True, groups: int = 1) -> nn.Conv2d:
    """Keras Conv2D(padding='same') with stride 1 and odd kernels: symmetric padding k // 2."""
    return nn.Conv2d(c_in, c_out, (kh, kw), padding=(kh // 2, kw // 2), bias=bias, groups=groups)


class KerasMaxPoolSame(nn.Module):
    """Keras MaxPooling2D(pool, strides, padding='same'): pads (extra on the bottom/right) with -inf."""

    def __init__(self, kernel: int, stride: int):
        super().__init__()
        self.kernel, self.stride = kernel, stride

    @staticmethod
    def _pads(n: int, k: int, s: int) -> tuple[int, int]:
        total = max((-(-n // s) - 1) * s + k - n, 0)
        return total // 2, total - total // 2

    def forward(self, x):
        top, bottom = self._pads(x.shape[2], self.kernel, self.stride)
        left, right = self._pads(x.shape[3], self.kernel, self.stride)
        if top == bottom and left == right:  # symmetric: PyTorch's own (implicit -inf) padding
            return F.max_pool2d(x, self.kernel, self.stride, padding=(top, left))
        return F.max_pool2d(F.pad(x, (left, right, top, bottom), value=float("-inf")), self.kernel, self.stride)


def pool3() -> nn.Module:
    """The Inception family's "pool3": max-pool 3x3, stride 1, same."""
    return nn.MaxPool2d(3, stride=1, padding=1)


def keras_init(model: nn.Module) -> nn.Module:
    """Keras defaults: glorot-uniform kernels (Keras fan-in/fan-out), zero biases."""
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            kh, kw = m.kernel_size
            if m.groups > 1 and m.groups == m.in_channels:   # DepthwiseConv2D kernel (kh, kw, C, 1)
                fan_in, fan_out = kh * kw * m.in_channels, kh * kw
            else:
                fan_in, fan_out = kh * kw * m.in_channels // m.groups, kh * kw * m.out_channels
        elif isinstance(m, nn.Linear):
            fan_in, fan_out = m.in_features, m.out_features
        else:
            continue
        limit = (6.0 / (fan_in + fan_out)) ** 0.5
        nn.init.uniform_(m.weight, -limit, limit)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    return model


def keras_bn(channels: int) -> nn.BatchNorm2d:
    """Keras BatchNormalization(): momentum 0.99 (PyTorch 0.01), epsilon 1e-3."""
    return nn.BatchNorm2d(channels, eps=1e-3, momentum=0.01)


# ---------------------------------------------------------------------------------------------
# resNet18 (torchvision structure)
# ---------------------------------------------------------------------------------------------

class BasicBlock(nn.Module):
    def __init__(self, c_in: int, width: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, width, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.downsample = None
        if stride != 1 or c_in != width:
            self.downsample = nn.Sequential(nn.Conv2d(c_in, width, 1, stride, bias=False), nn.BatchNorm2d(width))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)), inplace=True)
        out = self.bn2(self.conv2(out))
        shortcut = x if self.downsample is None else self.downsample(x)
        return F.relu(out + shortcut, inplace=True)


class ResNet18(nn.Module):
    """torchvision resnet18 with a 512 -> 4 final layer."""

    def __init__(self, widths=(64, 128, 256, 512), blocks=(2, 2, 2, 2)):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(inplace=True),
                                  nn.MaxPool2d(3, 2, 1))
        layers, c = [], 64
        for s, (w, n) in enumerate(zip(widths, blocks)):
            for b in range(n):
                layers.append(BasicBlock(c, w, 2 if s > 0 and b == 0 else 1))
                c = w
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(c, NUM_CLASSES)
        for m in self.modules():  # torchvision's initialisation
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        x = self.layers(self.stem(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


# ---------------------------------------------------------------------------------------------
# myCnn(variant): one parametric builder, the 21 changelog rows as presets
# ---------------------------------------------------------------------------------------------

KERNELS = {"3x3": (3, 3), "1x3": (1, 3), "3x1": (3, 1)}  # plus "acb": 3x3 + 1x3 + 3x1 in parallel, summed


@dataclass(frozen=True)
class MyCnnVariant:
    widths: tuple[int, ...]
    convs: int = 2                          # k: square 3x3 convs per residual block
    fc_hidden: tuple[int, ...] = (128,)
    stage1_block: Optional[tuple[str, ...]] = None  # stage 1's block kernels, when not k x "3x3"
    stage_bn: bool = False                  # conv -> BN -> ReLU in each stage
    block_bn: bool = False                  # BN after every block conv
    dropout: float = 0.0                    # before each FC layer

    def block(self, stage: int) -> tuple[str, ...]:
        if stage == 0 and self.stage1_block is not None:
            return self.stage1_block
        return ("3x3",) * self.convs

    def flatten_size(self, height: int, width: int) -> int:
        for _ in self.widths:
            height, width = ((height - 1) // 2 + 1) // 2, ((width - 1) // 2 + 1) // 2  # stride-2 conv, 2x2 pool
        return self.widths[-1] * height * width


W3, W4 = (16, 32, 64), (16, 32, 64, 128)
V4 = MyCnnVariant(W4, 2, (512,))
V9 = MyCnnVariant(W4, 3, (512,))
V13 = dataclasses.replace(V4, stage1_block=("acb", "acb"))
MYCNN_VARIANTS: dict[str, MyCnnVariant] = {
    "v0": MyCnnVariant(W3, 2, (128,)),
    "v1": MyCnnVariant((16, 64, 256), 2, (128,)),
    "v2": MyCnnVariant((8, 16, 32), 2, (128,)),
    "v3": MyCnnVariant(W4, 2, (128,)),
    "v4": V4,
    "v5": MyCnnVariant(W4, 2, (256,)),
    "v6": MyCnnVariant(W4, 2, (64,)),
    "v7": MyCnnVariant(W4, 2, (1024,)),
    "v8": MyCnnVariant((8, 16, 64, 512), 2, (128,)),
    "v9": V9,
    "v10": dataclasses.replace(V4, stage1_block=("1x3", "3x1")),
    "v11": MyCnnVariant(W4, 4, (512,)),
    "v12": dataclasses.replace(V4, stage1_block=("1x3", "3x3", "3x1")),
    "v13": V13,
    "v14": dataclasses.replace(V4, stage_bn=True),
    "v15": dataclasses.replace(V4, stage_bn=True, block_bn=True),
    "v16": dataclasses.replace(V4, block_bn=True),
    "v17": dataclasses.replace(V4, dropout=0.5),
    "v18": dataclasses.replace(V9, dropout=0.5),
    "v19": dataclasses.replace(V13, dropout=0.5),
    "v20": MyCnnVariant((16, 64), 2, (1024,)),
}


class Acb(nn.Module):
    """Asymmetric convolution block: 3x3, 1x3 and 3x1 convs (each with its bias) in parallel, summed."""

    def __init__(self, channels: int):
        super().__init__()
        self.branches = nn.ModuleList(same_conv(channels, channels, kh, kw) for kh, kw in KERNELS.values())

    def forward(self, x):
        return self.branches[0](x) + self.branches[1](x) + self.branches[2](x)


class ResidualBlock(nn.Module):
    """out = ReLU(x + block(x)); block = convs with [BN] and ReLU between them, none after the last."""

    def __init__(self, channels: int, kernels: tuple[str, ...], bn: bool):
        super().__init__()
        layers = []
        for i, k in enumerate(kernels):
            layers.append(Acb(channels) if k == "acb" else same_conv(channels, channels, *KERNELS[k]))
            if bn:
                layers.append(nn.BatchNorm2d(channels))
            if i < len(kernels) - 1:
                layers.append(nn.ReLU(inplace=True))
        self.body = nn.Sequential(*layers)

    def forward(self, x):
        return F.relu(x + self.body(x))


class MyCnn(nn.Module):
    def __init__(self, v: MyCnnVariant, height: int = 240, width: int = 320):
        super().__init__()
        stages, c = [], 3
        for s, w in enumerate(v.widths):
            stage = [nn.Conv2d(c, w, 3, stride=2, padding=1)]
            if v.stage_bn:
                stage.append(nn.BatchNorm2d(w))
            stage += [nn.ReLU(inplace=True), nn.MaxPool2d(2, 2), ResidualBlock(w, v.block(s), v.block_bn)]
            stages.append(nn.Sequential(*stage))
            c = w
        self.features = nn.Sequential(*stages)
        head, n = [nn.Flatten()], v.flatten_size(height, width)
        for hidden in v.fc_hidden:
            if v.dropout:
                head.append(nn.Dropout(v.dropout))
            head += [nn.Linear(n, hidden), nn.ReLU(inplace=True)]
            n = hidden
        if v.dropout:
            head.append(nn.Dropout(v.dropout))
        head.append(nn.Linear(n, NUM_CLASSES))
        self.head = nn.Sequential(*head)

    def forward(self, x):
        return self.head(self.features(x))


def mycnn_params_by_formula(v: MyCnnVariant, height: int = 240, width: int = 320) -> int:
    """Trainable parameters of a variant from its definition alone (no module built)."""
    conv = lambda c_in, c_out, kh, kw: c_in * c_out * kh * kw + c_out  # noqa: E731 (weights + bias)
    total, c = 0, 3
    for s, w in enumerate(v.widths):
        total += conv(c, w, 3, 3) + (2 * w if v.stage_bn else 0)
        for k in v.block(s):
            shapes = list(KERNELS.values()) if k == "acb" else [KERNELS[k]]
            total += sum(conv(w, w, kh, kw) for kh, kw in shapes) + (2 * w if v.block_bn else 0)
        c = w
    n = v.flatten_size(height, width)
    for hidden in v.fc_hidden + (NUM_CLASSES,):
        total += n * hidden + hidden
        n = hidden
    return total


# Worked by hand from the definition at 240x320 (a conv c->w kxk has c*w*k*k + w parameters):
#   v0  (architectures.md): 448 + 2*2,320 | 4,640 + 2*9,248 | 18,496 + 2*36,928 = 120,576 convs;
#       flatten 64*4*5 = 1,280 -> 1,280*128+128 = 163,968; 128*4+4 = 516            -> 285,060
#   v4: 5,088 + 23,136 + 92,352 + (73,856 + 2*147,584) = 489,600 convs; flatten 128*1*1;
#       128*512+512 = 66,048; 512*4+4 = 2,052                                      -> 557,700
#   v13: v4 with stage 1's two 3x3 (2,320 each) as ACBs of 2,320+784+784 = 3,888    -> 560,836
#   v15: v4 + BN (gamma, beta) on 4 stage convs and 8 block convs: 2*(240 + 2*240)   -> 559,140
#   v20: 5,088 + (9,280 + 2*36,928) = 88,224 convs; flatten 64*15*20 = 19,200;
#       19,200*1,024+1,024 = 19,661,824; 1,024*4+4 = 4,100                        -> 19,754,148
MYCNN_HAND_COUNTS = {"v0": 285_060, "v4": 557_700, "v13": 560_836, "v15": 559_140, "v19": 560_836,
                     "v20": 19_754_148}


# ---------------------------------------------------------------------------------------------
# autoencoder(variant): MLP with a joint reconstruction + classification loss
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AutoencoderVariant:
    hidden: tuple[int, ...]   # encoder widths between input and code (the decoder mirrors them)
    code: int
    batch: int = 4
    lr: float = 1e-4


AUTOENCODER_VARIANTS = {
    "v1": AutoencoderVariant((1024,), 128),
    "original": AutoencoderVariant((128,), 1024),
    "v2": AutoencoderVariant((), 1024, batch=16, lr=1e-3),
    "v3": AutoencoderVariant((), 128, batch=32, lr=1e-3),
}


class Autoencoder(nn.Module):
    """input -> hidden... -> code -> ...hidden -> reconstruction, ReLU after every layer; head: dropout 0.2 -> 4."""

    def __init__(self, v: AutoencoderVariant, inputs: int = 240 * 320 * 3, head_dropout: float = 0.2):
        super().__init__()
        widths = [inputs, *v.hidden, v.code]
        enc, dec = [], []
        for a, b in zip(widths, widths[1:]):
            enc += [nn.Linear(a, b), nn.ReLU(inplace=True)]
        rev = widths[::-1]
        for a, b in zip(rev, rev[1:]):
            dec += [nn.Linear(a, b), nn.ReLU(inplace=True)]
        self.encoder, self.decoder = nn.Sequential(*enc), nn.Sequential(*dec)
        self.head = nn.Sequential(nn.Dropout(head_dropout), nn.Linear(v.code, NUM_CLASSES))

    def forward(self, x):
        code = self.encoder(x)
        return self.head(code), self.decoder(code)


# ---------------------------------------------------------------------------------------------
# Inception family (Keras, 80x60, f = 64): blocks of parallel towers, concatenated
# ---------------------------------------------------------------------------------------------

# A tower is a tuple of ops; a block is a tuple of towers applied to one input and concatenated.
# Ops: "1x1" "3x3" "1x3" "3x1" (conv f, same, ReLU), "pool" (pool3), "split" (1x3 | 3x1, concatenated).
@dataclass(frozen=True)
class InceptionVariant:
    blocks: tuple[tuple[tuple[str, ...], ...], ...]
    filters: int = 64


STEM = (("3x3", "3x3"),)
PARA_TOWERS = (("1x1", "3x3", "3x3"), ("1x1", "3x3"), ("pool", "1x1"))
INCEPTION_VARIANTS = {
    **{f"inceptionBottleneck{e}": InceptionVariant(((("1x1",) + ("3x3",) * ((e - 1) // 2),),)) for e in (3, 5, 7)},
    "inceptionTowers5": InceptionVariant(((("1x1",), ("1x1", "3x3"), ("1x1", "3x3", "3x3"),
                                           ("1x1", "3x3", "3x3", "3x3"), ("pool", "1x1")),)),
    "inceptionParaA": InceptionVariant((STEM, PARA_TOWERS)),
    "inceptionParaB": InceptionVariant((STEM, PARA_TOWERS, PARA_TOWERS)),
    "inceptionFactorized": InceptionVariant((STEM, (("1x1", "1x3", "3x1", "split"), ("1x1", "split"),
                                                     ("pool", "1x1")))),
}


class SplitConv(nn.Module):
    """Parallel 1x3 and 3x1 convs (ReLU each) on one input, concatenated."""

    def __init__(self, c_in: int, f: int):
        super().__init__()
        self.a, self.b = same_conv(c_in, f, 1, 3), same_conv(c_in, f, 3, 1)

    def forward(self, x):
        return torch.cat([F.relu(self.a(x)), F.relu(self.b(x))], 1)


class InceptionBlock(nn.Module):
    def __init__(self, c_in: int, towers, f: int):
        super().__init__()
        self.towers = nn.ModuleList()
        self.out_channels = 0
        for ops in towers:
            layers, c = [], c_in
            for op in ops:
                if op == "pool":
                    layers.append(pool3())
                elif op == "split":
                    layers.append(SplitConv(c, f))
                    c = 2 * f
                else:
                    layers += [same_conv(c, f, *{"1x1": (1, 1), **KERNELS}[op]), nn.ReLU(inplace=True)]
                    c = f
            self.towers.append(nn.Sequential(*layers))
            self.out_channels += c

    def forward(self, x):
        outs = [t(x) for t in self.towers]
        return outs[0] if len(outs) == 1 else torch.cat(outs, 1)


class Inception(nn.Module):
    def __init__(self, v: InceptionVariant, height: int = 60, width: int = 80):
        super().__init__()
        blocks, c = [], 3
        for towers in v.blocks:
            blocks.append(InceptionBlock(c, towers, v.filters))
            c = blocks[-1].out_channels
        self.blocks = nn.Sequential(*blocks)
        self.pool = pool3()
        self.head = nn.Linear(c * height * width, NUM_CLASSES)
        keras_init(self)

    def forward(self, x):
        return self.head(torch.flatten(self.pool(self.blocks(x)), 1))


# ---------------------------------------------------------------------------------------------
# unetEncoder (Sarkar et al.)
# ---------------------------------------------------------------------------------------------

class UnetEncoder(nn.Module):
    """Four blocks of two 3x3 same convs (ReLU) and a 2x2 same max-pool; flatten -> dense 4 (logits)."""

    def __init__(self, filters=(4, 8, 16, 16, 32, 32, 64, 64), height: int = 240, width: int = 320):
        super().__init__()
        layers, c = [], 3
        for i, f in enumerate(filters):
            layers += [same_conv(c, f, 3, 3), nn.ReLU(inplace=True)]
            if i % 2 == 1:
                layers.append(KerasMaxPoolSame(2, 2))
                height, width = -(-height // 2), -(-width // 2)
            c = f
        self.features = nn.Sequential(*layers)
        self.head = nn.Linear(c * height * width, NUM_CLASSES)
        keras_init(self)

    def forward(self, x):
        return self.head(torch.flatten(self.features(x), 1))


# ---------------------------------------------------------------------------------------------
# basicCnn(blocks) (optimisation/regularisation study)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BasicCnnConfig:
    blocks: int
    batch_norm: bool = False
    dropout: float = 0.0   # off by default here; see --basic-cnn-dropout (the Java builder defaults to 0.2)


class BasicCnn(nn.Module):
    """blocks x (conv 3x3 same (32, 64, 128) -> [BN] -> ReLU -> max-pool 2); flatten -> [dropout] -> 128 -> [dropout] -> 4."""

    def __init__(self, cfg: BasicCnnConfig, height: int = 120, width: int = 160):
        super().__init__()
        layers, c = [], 3
        for f in (32, 64, 128)[:cfg.blocks]:
            layers.append(same_conv(c, f, 3, 3))
            if cfg.batch_norm:
                layers.append(keras_bn(f))
            layers += [nn.ReLU(inplace=True), nn.MaxPool2d(2)]
            height, width, c = height // 2, width // 2, f
        head = [nn.Flatten()]
        head += [nn.Dropout(cfg.dropout)] if cfg.dropout else []
        head += [nn.Linear(c * height * width, 128), nn.ReLU(inplace=True)]
        head += [nn.Dropout(cfg.dropout)] if cfg.dropout else []
        head.append(nn.Linear(128, NUM_CLASSES))
        self.features, self.head = nn.Sequential(*layers), nn.Sequential(*head)
        keras_init(self)

    def forward(self, x):
        return self.head(self.features(x))


# ---------------------------------------------------------------------------------------------
# VGG16 base (torchvision / Keras structure) with the two heads
# ---------------------------------------------------------------------------------------------

VGG16_BLOCKS = ((64, 64), (128, 128), (256, 256, 256), (512, 512, 512), (512, 512, 512))


class Vgg16(nn.Module):
    """VGG16 convolutional base (5 blocks of 3x3 convs + 2x2 max-pool) and a head.

    head "flatten": flatten -> 256 -> dropout 0.5 -> 4 (vgg16Transfer);
    head "gap": global average pool -> 112 -> dropout 0.5 -> 4 (vgg16Gap).
    frozen_blocks: the first n blocks get requires_grad=False (Keras trainable=False).
    """

    def __init__(self, head: str, frozen_blocks: int, height: int = 224, width: int = 224):
        super().__init__()
        blocks, c = [], 3
        for widths in VGG16_BLOCKS:
            layers = []
            for w in widths:
                layers += [nn.Conv2d(c, w, 3, padding=1), nn.ReLU(inplace=True)]
                c = w
            blocks.append(nn.Sequential(*layers, nn.MaxPool2d(2, 2)))
            height, width = height // 2, width // 2
        self.blocks = nn.Sequential(*blocks)
        if head == "flatten":
            self.head = nn.Sequential(nn.Flatten(), nn.Linear(c * height * width, 256), nn.ReLU(inplace=True),
                                      nn.Dropout(0.5), nn.Linear(256, NUM_CLASSES))
        else:
            self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, 112), nn.ReLU(inplace=True),
                                      nn.Dropout(0.5), nn.Linear(112, NUM_CLASSES))
        keras_init(self)
        for block in self.blocks[:frozen_blocks]:
            block.requires_grad_(False)

    def forward(self, x):
        return self.head(self.blocks(x))


# ---------------------------------------------------------------------------------------------
# depthwiseSeparable (Rao et al.)
# ---------------------------------------------------------------------------------------------

class DepthwiseSeparable(nn.Module):
    """conv 32 -> pool; 4 x (separable conv -> BN -> ReLU -> pool); flatten -> 512 -> 128 -> 64 -> 4 with dropout."""

    SEPARABLE = ((64, 3), (128, 5), (256, 3), (256, 5))
    DENSE = ((512, 0.5), (128, 0.3), (64, 0.2))

    def __init__(self, height: int = 150, width: int = 150):
        super().__init__()
        layers, c = [same_conv(3, 32, 3, 3), nn.ReLU(inplace=True), nn.MaxPool2d(2)], 32
        height, width = height // 2, width // 2
        for f, k in self.SEPARABLE:
            layers += [same_conv(c, c, k, k, bias=False, groups=c),  # depthwise, no bias
                       nn.Conv2d(c, f, 1),                          # pointwise, bias
                       keras_bn(f), nn.ReLU(inplace=True), nn.MaxPool2d(2)]
            height, width, c = height // 2, width // 2, f
        head, n = [nn.Flatten()], c * height * width
        for units, rate in self.DENSE:
            head += [nn.Linear(n, units), nn.ReLU(inplace=True), nn.Dropout(rate)]
            n = units
        head.append(nn.Linear(n, NUM_CLASSES))
        self.features, self.head = nn.Sequential(*layers), nn.Sequential(*head)
        keras_init(self)

    def forward(self, x):
        return self.head(self.features(x))


# ---------------------------------------------------------------------------------------------
# The registry, in the Java registry's order
# ---------------------------------------------------------------------------------------------

# Freezing. vgg16Transfer: "all base blocks frozen but the last" (blocks 1-4 frozen, block 5 and the
# head train). vgg16Gap: architectures.md gives 14,772,596 "when nothing is frozen"; the Java builder
# (Vgg16.java) freezes up to block4_pool only when ImageNet weights are supplied and freezes nothing
# without them, as in a benchmark on synthetic input, so nothing is frozen here by default.
# NB: the same Java rule leaves vgg16Transfer unfrozen when no weights are given; for a like-for-like
# comparison with such a run pass --vgg16-transfer-frozen-blocks 0.
VGG16_TRANSFER_FROZEN_BLOCKS = 4
VGG16_GAP_FROZEN_BLOCKS = 0


def build_registry(basic_cnn_dropout: float = 0.0, basic_cnn_optimizer: str = "adam",
                   vgg16_transfer_frozen_blocks: int = VGG16_TRANSFER_FROZEN_BLOCKS,
                   vgg16_gap_frozen_blocks: int = VGG16_GAP_FROZEN_BLOCKS) -> dict[str, Entry]:
    entries = [Entry("resNet18", ResNet18, CHEN_ZHU, 11_178_564)]
    for name, v in MYCNN_VARIANTS.items():
        expected = {"v0": 285_060, "v9": 753_780}.get(name)
        entries.append(Entry(f"myCnn.{name}", lambda v=v: MyCnn(v), MYCNN, expected))
    for name, v in AUTOENCODER_VARIANTS.items():
        recipe = dataclasses.replace(CHEN_ZHU, batch=v.batch, lr=v.lr, loss="ae", flat_input=True)
        entries.append(Entry(f"autoencoder.{name}", lambda v=v: Autoencoder(v), recipe,
                             expected_rounded_millions=472 if name == "v1" else None))
    for name, v in INCEPTION_VARIANTS.items():
        expected = 3_996_228 if name == "inceptionParaB" else None
        entries.append(Entry(name, lambda v=v: Inception(v), INCEPTION, expected))
    entries.append(Entry("unetEncoder", UnetEncoder, UNET, 150_012))
    for blocks, name in ((1, "basicCnn"), (2, "basicCnn.deeper2"), (3, "basicCnn.deeper3")):
        cfg = BasicCnnConfig(blocks, dropout=basic_cnn_dropout)
        recipe = dataclasses.replace(BASIC_CNN, optimizer=basic_cnn_optimizer,
                                     lr=BASIC_CNN_OPTIMIZERS[basic_cnn_optimizer])
        entries.append(Entry(name, lambda cfg=cfg: BasicCnn(cfg), recipe))
    entries.append(Entry("vgg16Transfer", lambda: Vgg16("flatten", vgg16_transfer_frozen_blocks), VGG16_TRANSFER))
    entries.append(Entry("vgg16Gap", lambda: Vgg16("gap", vgg16_gap_frozen_blocks), VGG16_GAP, 14_772_596,
                         expected_counts_frozen_too=True))
    entries.append(Entry("depthwiseSeparable", DepthwiseSeparable, DEPTHWISE, 2_292_836))
    return {e.name: e for e in entries}


# ---------------------------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------------------------

def trainable_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def all_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def forward_flops_per_image(model: nn.Module, example: torch.Tensor) -> int:
    """2 x multiply-adds of every nn.Conv2d and nn.Linear in one forward pass, per image."""
    total = 0

    def conv_hook(m: nn.Conv2d, _inp, out):
        nonlocal total
        kh, kw = m.kernel_size
        total += 2 * kh * kw * (m.in_channels // m.groups) * m.out_channels * out.shape[2] * out.shape[3] * out.shape[0]

    def linear_hook(m: nn.Linear, inp, _out):
        nonlocal total
        total += 2 * m.in_features * m.out_features * inp[0].numel() // m.in_features

    hooks = [m.register_forward_hook(conv_hook if isinstance(m, nn.Conv2d) else linear_hook)
             for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    try:
        model.eval()
        with torch.no_grad():
            model(example)
    finally:
        for h in hooks:
            h.remove()
    return total // example.shape[0]


def median_seconds(warmup: int, runs: int, work: Callable[[], None]) -> float:
    for _ in range(warmup):
        work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def reset_peak_rss() -> None:
    gc.collect()
    try:  # hand freed memory back to the OS so the next model's peak starts from a clean baseline
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def peak_rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("VmHWM missing from /proc/self/status")


def synthetic_input(recipe: Recipe, batch: int) -> torch.Tensor:
    shape = (batch, 3 * recipe.height * recipe.width) if recipe.flat_input else (batch, 3, recipe.height, recipe.width)
    return torch.randn(shape, dtype=torch.float32)


def loss_fn(recipe: Recipe, output, x, y):
    if recipe.loss == "ae":
        logits, reconstruction = output
        return F.mse_loss(reconstruction, x) + F.cross_entropy(logits, y)
    return F.cross_entropy(output, y)


def bench_model(entry: Entry, warmup: int, runs: int, threads: int) -> dict:
    recipe = entry.recipe
    reset_peak_rss()
    torch.manual_seed(0)
    model = entry.build().float()
    params = trainable_params(model)
    flops = forward_flops_per_image(model, synthetic_input(recipe, 1))

    # Training step at the recipe's batch.
    x, y = synthetic_input(recipe, recipe.batch), torch.randint(0, NUM_CLASSES, (recipe.batch,))
    opt = recipe.make_optimizer([p for p in model.parameters() if p.requires_grad])
    model.train()

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(recipe, model(x), x, y)
        loss.backward()
        opt.step()

    train_s = median_seconds(warmup, runs, train_step)
    del opt, x, y
    gc.collect()

    # Inference at batch 32 and batch 1.
    model.eval()
    xi, x1 = synthetic_input(recipe, INFER_BATCH), synthetic_input(recipe, 1)
    with torch.no_grad():
        infer_s = median_seconds(warmup, runs, lambda: model(xi))
        latency_s = median_seconds(warmup, runs, lambda: model(x1))
    peak = peak_rss_mb()
    del model, xi, x1

    train_ips = recipe.batch / train_s
    infer_ips = INFER_BATCH / infer_s
    return {
        "model": entry.name,
        "trainImagesPerSec": round(train_ips, 3),
        "inferImagesPerSec": round(infer_ips, 3),
        "latencyMsBatch1": round(latency_s * 1e3, 3),
        "gflops": round(3 * flops * train_ips / 1e9, 3),
        "inferGflops": round(flops * infer_ips / 1e9, 3),
        "peakMemoryMb": round(peak, 1),
        "forwardGflopsPerImage": round(flops / 1e9, 4),
        "trainableParams": params,
        "batchSize": recipe.batch,
        "inputHeight": recipe.height,
        "inputWidth": recipe.width,
        "threads": threads,
    }


TABLE_COLUMNS = (  # (key, header, format)
    ("model", "model", "{}"), ("batchSize", "batch", "{}"), ("inputWidth", "WxH", None),
    ("trainImagesPerSec", "train img/s", "{:.2f}"), ("inferImagesPerSec", "infer img/s", "{:.2f}"),
    ("latencyMsBatch1", "latency ms", "{:.2f}"), ("gflops", "train GFLOPS", "{:.2f}"),
    ("inferGflops", "infer GFLOPS", "{:.2f}"), ("forwardGflopsPerImage", "fwd GFLOP/img", "{:.4f}"),
    ("peakMemoryMb", "peak MB", "{:.0f}"), ("trainableParams", "trainable", "{:,}"),
)


def format_table(rows: list[dict]) -> str:
    cells = [[h for _, h, _ in TABLE_COLUMNS]]
    for r in rows:
        cells.append([f"{r['inputWidth']}x{r['inputHeight']}" if fmt is None else fmt.format(r[k])
                      for k, _, fmt in TABLE_COLUMNS])
    widths = [max(len(row[i]) for row in cells) for i in range(len(TABLE_COLUMNS))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# --check-params
# ---------------------------------------------------------------------------------------------

def check_params(registry: dict[str, Entry], names: list[str]) -> int:
    """Prints every model's trainable count beside the doc's figure and the hand/formula counts; 1 on a mismatch."""
    rows, failures = [], 0
    for name in names:
        entry = registry[name]
        torch.manual_seed(0)
        model = entry.build()
        trainable, total = trainable_params(model), all_params(model)
        del model
        gc.collect()
        checks = []  # (label, expected, actual)
        counted = total if entry.expected_counts_frozen_too else trainable
        if entry.expected_params is not None:
            checks.append(("architectures.md", f"{entry.expected_params:,}", counted == entry.expected_params))
        if entry.expected_rounded_millions is not None:
            ok = round(counted / 1e6) == entry.expected_rounded_millions
            checks.append(("architectures.md", f"{entry.expected_rounded_millions}M", ok))
        if name.startswith("myCnn."):
            variant = name.split(".", 1)[1]
            formula = mycnn_params_by_formula(MYCNN_VARIANTS[variant])
            checks.append(("formula", f"{formula:,}", formula == trainable))
            if variant in MYCNN_HAND_COUNTS:
                hand = MYCNN_HAND_COUNTS[variant]
                checks.append(("by hand", f"{hand:,}", hand == trainable))
        failures += sum(not ok for _, _, ok in checks)
        note = f" (frozen too: {total:,})" if total != trainable else ""
        rows.append((name, f"{trainable:,}{note}",
                     "; ".join(f"{label} {exp} {'OK' if ok else 'MISMATCH'}" for label, exp, ok in checks) or "-"))
    w0, w1 = max(len(r[0]) for r in rows + [("model",)]), max(len(r[1]) for r in rows + [("", "trainable params")])
    print(f"{'model'.ljust(w0)}  {'trainable params'.rjust(w1)}  expected")
    print(f"{'-' * w0}  {'-' * w1}  --------")
    for name, count, checks in rows:
        print(f"{name.ljust(w0)}  {count.rjust(w1)}  {checks}")
    print(f"\n{'all figures match' if failures == 0 else f'{failures} MISMATCH(ES)'}")
    return 1 if failures else 0


# ---------------------------------------------------------------------------------------------
# --train-files: a user's training loop on real images (for `./wbc bench train --pytorch`)
# ---------------------------------------------------------------------------------------------

def build_sized(registry: dict[str, Entry], name: str, height: int, width: int,
                basic_cnn_dropout: float = 0.0) -> nn.Module:
    """The registry's network for an input size other than its recipe's (families whose head depends on it)."""
    entry = registry[name]
    if (height, width) == (entry.recipe.height, entry.recipe.width):
        return entry.build()
    if name.startswith("myCnn."):
        return MyCnn(MYCNN_VARIANTS[name.split(".", 1)[1]], height, width)
    if name in INCEPTION_VARIANTS:
        return Inception(INCEPTION_VARIANTS[name], height, width)
    blocks = {"basicCnn": 1, "basicCnn.deeper2": 2, "basicCnn.deeper3": 3}.get(name)
    if blocks is not None:
        return BasicCnn(BasicCnnConfig(blocks, dropout=basic_cnn_dropout), height, width)
    if name == "unetEncoder":
        return UnetEncoder(height=height, width=width)
    raise ValueError(f"{name} is only defined here at its recipe's size "
                     f"{entry.recipe.width}x{entry.recipe.height}, not {width}x{height}")


def read_train_files(path: str) -> tuple[list[str], list[int]]:
    """A CSV of `path,label_index` lines (no header), as ./wbc bench train writes it."""
    files, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                file, label = line.rsplit(",", 1)
                files.append(file)
                labels.append(int(label))
    if not files:
        raise ValueError(f"{path} lists no images")
    return files, labels


def decode_images(files: list[str], height: int, width: int) -> np.ndarray:
    """Every image decoded once with PIL, resized (bilinear) to width x height: uint8 (N, 3, H, W)."""
    from PIL import Image
    out = np.empty((len(files), 3, height, width), dtype=np.uint8)
    for i, file in enumerate(files):
        with Image.open(file) as im:
            out[i] = np.asarray(im.convert("RGB").resize((width, height), Image.BILINEAR)).transpose(2, 0, 1)
    return out


def train_on_files(entry: Entry, model: nn.Module, files: list[str], labels: list[int], height: int, width: int,
                   batch: int, warmup: int, steps: int, lr: Optional[float], seed: int) -> dict:
    """Trains like a user's loop: per-batch float conversion and per-channel z-score, the recipe's optimizer.

    Images are decoded once before timing (decodeSeconds). `warmup` untimed steps, then a fresh shuffled
    pass of `steps` batches (cycling when the images run out); images/s covers batch preparation too.
    """
    start = time.perf_counter()
    pixels = decode_images(files, height, width)
    decode_seconds = time.perf_counter() - start
    mean = torch.from_numpy(pixels.mean(axis=(0, 2, 3), dtype=np.float64).astype(np.float32)).view(1, 3, 1, 1)
    std = torch.from_numpy(pixels.std(axis=(0, 2, 3), dtype=np.float64).astype(np.float32)).view(1, 3, 1, 1)
    targets = torch.tensor(labels, dtype=torch.long)
    recipe = entry.recipe if lr is None else dataclasses.replace(entry.recipe, lr=lr)
    opt = recipe.make_optimizer([p for p in model.parameters() if p.requires_grad])
    model.train()
    rng = np.random.default_rng(seed)

    def passes():
        while True:
            order = rng.permutation(len(files))
            for s in range(0, len(order), batch):
                yield order[s:s + batch]

    def step(idx) -> float:
        x = (torch.from_numpy(pixels[idx]).float() - mean) / std
        if recipe.flat_input:
            x = x.reshape(len(idx), -1)
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(recipe, model(x), x, targets[idx])
        loss.backward()
        opt.step()
        return loss.item()  # what a user's loop logs; also what DL4J's score read-back costs

    batches = passes()
    for _ in range(warmup):
        step(next(batches))
    batches = passes()  # the timed steps start a fresh pass, as the Java side does
    images, loss_sum = 0, 0.0
    start = time.perf_counter()
    for _ in range(steps):
        idx = next(batches)
        loss_sum += step(idx) * len(idx)
        images += len(idx)
    seconds = time.perf_counter() - start
    return {
        "model": entry.name,
        "trainImagesPerSec": round(images / seconds, 3),
        "trainSeconds": round(seconds, 4),
        "trainImages": images,
        "steps": steps,
        "warmupSteps": warmup,
        "trainLoss": round(loss_sum / images, 5),
        "decodeSeconds": round(decode_seconds, 3),
        "imagesDecoded": len(files),
        "batchSize": batch,
        "inputHeight": height,
        "inputWidth": width,
        "optimizer": recipe.optimizer,
        "learningRate": recipe.lr,
        "threads": torch.get_num_threads(),
        "ompWaitPolicy": os.environ.get("OMP_WAIT_POLICY") or "unset",
        "torchVersion": torch.__version__,
    }


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", help="comma-separated registry names (default: all; --list shows them)")
    p.add_argument("--warmup", type=int, default=3, help="untimed iterations before each measurement (default 3)")
    p.add_argument("--runs", type=int, default=7, help="timed iterations; the median is reported (default 7)")
    p.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    p.add_argument("--check-params", action="store_true",
                   help="print trainable parameter counts beside architectures.md's figures; exit 1 on a mismatch")
    p.add_argument("--list", action="store_true", help="print the registry names and exit")
    p.add_argument("--basic-cnn-dropout", type=float, default=0.0,
                   help="dropout rate of the basicCnn family (default 0: off; the Java builder's default is 0.2)")
    p.add_argument("--basic-cnn-optimizer", choices=sorted(BASIC_CNN_OPTIMIZERS), default="adam",
                   help="optimizer of the basicCnn family: adam 0.001 (default), sgd 0.01 or rmsprop 0.001")
    p.add_argument("--vgg16-transfer-frozen-blocks", type=int, default=VGG16_TRANSFER_FROZEN_BLOCKS,
                   choices=range(6), metavar="N",
                   help=f"VGG16 blocks (0-5) frozen in vgg16Transfer (default {VGG16_TRANSFER_FROZEN_BLOCKS}: "
                        "all but the last, the recipe; the Java builder freezes nothing without weights)")
    p.add_argument("--vgg16-gap-frozen-blocks", type=int, default=VGG16_GAP_FROZEN_BLOCKS, choices=range(6),
                   metavar="N", help=f"VGG16 blocks (0-5) frozen in vgg16Gap (default {VGG16_GAP_FROZEN_BLOCKS}: "
                                     "the Java builder's default without weights; 4 = its default with weights)")
    p.add_argument("--train-files", metavar="CSV",
                   help="train one model (--models NAME) on these images (lines `path,label_index`) with a user's"
                        " loop and print its training images/s (JSON with --json); see train_on_files")
    p.add_argument("--height", type=int, help="with --train-files: input height (default: the recipe's)")
    p.add_argument("--width", type=int, help="with --train-files: input width (default: the recipe's)")
    p.add_argument("--batch", type=int, help="with --train-files: batch size (default: the recipe's)")
    p.add_argument("--steps", type=int, default=10, help="with --train-files: timed training steps (default 10)")
    p.add_argument("--lr", type=float, help="with --train-files: learning rate (default: the recipe's)")
    p.add_argument("--seed", type=int, default=42, help="with --train-files: seed for weights and order (default 42)")
    args = p.parse_args(argv)
    if args.runs <= 0 or args.warmup < 0:
        p.error(f"--runs must be positive and --warmup non-negative, got {args.runs} and {args.warmup}")

    registry = build_registry(args.basic_cnn_dropout, args.basic_cnn_optimizer, args.vgg16_transfer_frozen_blocks, args.vgg16_gap_frozen_blocks)
    if args.list:
        print("\n".join(registry))
        return 0
    names = list(registry) if not args.models else [n.strip() for n in args.models.split(",") if n.strip()]
    unknown = [n for n in names if n not in registry]
    if unknown:
        p.error(f"unknown model(s) {', '.join(unknown)}; valid names: {', '.join(registry)}")

    threads = os.cpu_count() or 1
    torch.set_num_threads(threads)
    if args.check_params:
        return check_params(registry, names)
    if args.train_files:
        if len(names) != 1:
            p.error("--train-files trains one model: give exactly one --models NAME")
        if args.steps <= 0:
            p.error(f"--steps must be positive, got {args.steps}")
        entry = registry[names[0]]
        height, width = args.height or entry.recipe.height, args.width or entry.recipe.width
        torch.manual_seed(args.seed)
        model = build_sized(registry, entry.name, height, width, args.basic_cnn_dropout).float()
        files, labels = read_train_files(args.train_files)
        r = train_on_files(entry, model, files, labels, height, width, args.batch or entry.recipe.batch, args.warmup,
                           args.steps, args.lr, args.seed)
        if args.json:
            print(json.dumps(r, indent=2))
        else:
            print(f"{r['model']}: train {r['trainImagesPerSec']:.2f} img/s over {r['steps']} steps of {r['batchSize']}"
                  f" at {width}x{height} ({r['threads']} threads, OMP_WAIT_POLICY {r['ompWaitPolicy']})")
        return 0

    print(f"torch {torch.__version__}, numpy {np.__version__}, threads {torch.get_num_threads()} "
          f"(os.cpu_count() = {os.cpu_count()}), warmup {args.warmup}, runs {args.runs}", file=sys.stderr)
    results = []
    for name in names:
        start = time.perf_counter()
        r = bench_model(registry[name], args.warmup, args.runs, torch.get_num_threads())
        results.append(r)
        print(f"  {name}: train {r['trainImagesPerSec']:.2f} img/s, infer {r['inferImagesPerSec']:.2f} img/s, "
              f"peak {r['peakMemoryMb']:.0f} MB ({time.perf_counter() - start:.0f} s)", file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"threads: {torch.get_num_threads()}")
        print(format_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
