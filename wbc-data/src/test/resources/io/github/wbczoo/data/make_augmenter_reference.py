"""Writes augmenter-reference.txt: Keras ImageDataGenerator.apply_transform results for fixed
parameters, computed the Keras way (keras.src.legacy.preprocessing.image.apply_affine_transform
without its channels-last axis swap, then flip_axis), so AugmenterTest can compare value by value.

Run: python3 make_augmenter_reference.py  (needs numpy and scipy)
"""
import numpy as np
from scipy import ndimage

H, W = 7, 9
rng = np.random.default_rng(20240501)
img = rng.integers(0, 256, size=(H, W, 3)).astype(np.float64)

def keras_transform(x, theta, tx, ty, flip_h, flip_v, fill):
    h, w = x.shape[0], x.shape[1]
    m = np.eye(3)
    if theta != 0:
        t = np.deg2rad(theta)
        m = np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0], [0, 0, 1]])
    if tx != 0 or ty != 0:
        m = m @ np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
    o_x, o_y = h / 2 - 0.5, w / 2 - 0.5
    m = np.array([[1, 0, o_x], [0, 1, o_y], [0, 0, 1]]) @ m @ np.array([[1, 0, -o_x], [0, 1, -o_y], [0, 0, 1]])
    out = np.stack([ndimage.affine_transform(x[:, :, c], m[:2, :2], m[:2, 2], order=1, mode=fill, cval=0.0)
                    for c in range(3)], axis=2)
    if flip_h:
        out = out[:, ::-1, :]
    if flip_v:
        out = out[::-1, :, :]
    return out

cases = [
    (17.3, 1.4, -2.2, False, False, "nearest"),
    (-9.0, 0.0, 0.0, True, False, "nearest"),
    (0.0, -1.5, 2.75, False, True, "nearest"),
    (33.0, 0.6, 0.3, True, True, "reflect"),
    (-25.0, 2.0, -1.0, False, False, "constant"),
    (0.0, 0.0, 0.0, True, True, "nearest"),
]
with open("augmenter-reference.txt", "w") as f:
    f.write(f"size {H} {W}\n")
    f.write("image " + " ".join(str(int(v)) for v in img.reshape(-1)) + "\n")
    for theta, tx, ty, fh, fv, fill in cases:
        out = keras_transform(img, theta, tx, ty, fh, fv, fill)
        f.write(f"case {theta} {tx} {ty} {str(fh).lower()} {str(fv).lower()} {fill}\n")
        f.write("expected " + " ".join(f"{v:.6f}" for v in out.reshape(-1)) + "\n")
