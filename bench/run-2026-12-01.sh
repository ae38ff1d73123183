#!/usr/bin/env bash
# The benchmark runs behind bench/NOTES.md section 14 (session 5), in the order they were run, on
# the idle 2-core machine. Each framework at its own best OpenMP setting (DL4J PASSIVE, PyTorch
# spinning), as ./wbc bench sets it. Output: one log per step under $OUT (default runs/bench-2026-12-01).
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-runs/bench-2026-12-01}"
mkdir -p "$OUT"
run() { local name="$1"; shift; echo "== $name: $*" | tee -a "$OUT/index.txt"; "$@" > "$OUT/$name.log" 2>&1; echo "   exit $?" >> "$OUT/index.txt"; }

# Synthetic, side by side with PyTorch. 25 warm-up steps: with 5, DL4J's JIT had not compiled the
# pooling loops yet and myCnn.v9 measured 76 instead of 133 img/s; PyTorch gets the same warm-up.
run models-batch4 ./wbc bench models --pytorch --json --models myCnn.v9,resNet18 --warmup 25 --runs 15
run models-batch32 ./wbc bench models --pytorch --json --models basicCnn,depthwiseSeparable,unetEncoder,inceptionParaB,inceptionBottleneck7 --warmup 8 --runs 7
run models-vgg ./wbc bench models --pytorch --json --models vgg16Gap --warmup 2 --runs 3
# The same DL4J models with libnd4j's oneDNN ops instead of direct calls (the A/B of section 14).
WBC_JAVA_OPTS="-Xmx8g -Dorg.bytedeco.javacpp.maxbytes=12G -Dorg.bytedeco.javacpp.maxphysicalbytes=20G -Dwbc.dnnl=false" \
  run models-libnd4j ./wbc bench models --json --models myCnn.v9,resNet18,basicCnn,depthwiseSeparable,unetEncoder,inceptionParaB --warmup 8 --runs 7

# The real training path on BCCD images, against a PyTorch user's loop on the same files.
run train-small ./wbc bench train --pytorch --json --models myCnn.v9,basicCnn --limit-per-class 100 --warmup 5
run train-large ./wbc bench train --pytorch --json --models resNet18,depthwiseSeparable,unetEncoder,inceptionParaB --limit-per-class 40 --warmup 3
