#!/usr/bin/env bash
# The benchmark runs behind bench/NOTES.md section 15 (session 6), in the order they were run, on
# the idle 2-core machine, on the final build. Each framework at its own best OpenMP setting (DL4J
# PASSIVE, PyTorch spinning), as ./wbc bench sets it. Output: one log per step under $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-runs/bench-2026-12-01-s6}"
mkdir -p "$OUT"
run() { local name="$1"; shift; echo "== $name: $*" | tee -a "$OUT/index.txt"; local t0=$SECONDS; "$@" > "$OUT/$name.log" 2>&1; echo "   exit $? after $((SECONDS - t0)) s" >> "$OUT/index.txt"; }

MYCNN=myCnn.v0,myCnn.v1,myCnn.v2,myCnn.v3,myCnn.v4,myCnn.v5,myCnn.v6,myCnn.v7,myCnn.v8,myCnn.v9,myCnn.v10,myCnn.v11,myCnn.v12,myCnn.v13,myCnn.v14,myCnn.v15,myCnn.v16,myCnn.v17,myCnn.v18,myCnn.v19,myCnn.v20
BATCH32=autoencoder.v3,inceptionBottleneck3,inceptionBottleneck5,inceptionBottleneck7,inceptionTowers5,inceptionParaA,inceptionParaB,inceptionFactorized,unetEncoder,basicCnn,basicCnn.deeper2,basicCnn.deeper3,depthwiseSeparable
SLOW=autoencoder.v1,autoencoder.v2,vgg16Transfer,vgg16Gap
# vgg16Gap.paper and vgg16Gap.beforeGap have no PyTorch twin in bench/pytorch_reference.py: DL4J only.
# (The first run listed them with --pytorch; bench models failed at vgg16Gap.paper after 524 s and
# the four finished models' figures were lost with it. The steps below are what then ran.)
NOTWIN=vgg16Gap.paper,vgg16Gap.beforeGap

# Synthetic, all 42, side by side with PyTorch. The batch-4 protocol of section 14 (25 warm-up, 15
# timed steps; PyTorch the same) for every batch-4 model; 8 and 7 for batch 32; 2 and 3 for the
# models that take seconds per step (the autoencoders with 470M parameters, the VGG family).
run models-batch4 ./wbc bench models --pytorch --json --models resNet18,$MYCNN,autoencoder.original --warmup 25 --runs 15
run models-batch32 ./wbc bench models --pytorch --json --models $BATCH32 --warmup 8 --runs 7
run models-slow ./wbc bench models --pytorch --json --models $SLOW --warmup 2 --runs 3
run models-vgg-variants ./wbc bench models --json --models $NOTWIN --warmup 2 --runs 3

# The real training path on BCCD images (Trainer, data source, callbacks): every recipe model, and
# a PyTorch user's loop on the same files for the end-to-end ratios the issues name.
run train-batch4-pt ./wbc bench train --pytorch --json --models myCnn.v9,resNet18,autoencoder.original --limit-per-class 100 --warmup 5
run train-mycnn ./wbc bench train --json --models ${MYCNN} --limit-per-class 100 --warmup 5
run train-batch32-pt ./wbc bench train --pytorch --json --models $BATCH32 --limit-per-class 40 --warmup 3
run train-slow-pt ./wbc bench train --pytorch --json --models $SLOW --limit-per-class 16 --warmup 1
run train-vgg-variants ./wbc bench train --json --models $NOTWIN --limit-per-class 16 --warmup 1

# evaluate and predict over the 2,487 TEST images with the shipped myCnn.v9, twice each (warm disk cache).
M=wbc-pretrained/src/main/resources/io/github/wbczoo/pretrained/myCnn.v9/model.wbc
for i in 1 2; do
  rm -rf "$OUT/eval$i"
  run evaluate-$i /usr/bin/time -f "wall %e s" ./wbc evaluate --model "$M" --data ../shared/bccd --splits TEST --out "$OUT/eval$i"
  run predict-$i /usr/bin/time -f "wall %e s" ./wbc predict --model "$M" ../shared/bccd/dataset2-master/images/TEST --csv "$OUT/predict$i.csv"
done
