#!/usr/bin/env bash
# The runs behind bench/NOTES.md section 24 (session 15), on the AVX-512 Xeon of sections 21-23 (2 cores), on the
# build with blocked copies shared between layers (BlockedOutputs). Each framework at its own best OpenMP setting
# (DL4J: PASSIVE with GOMP_SPINCOUNT=30000, as ./wbc sets it; PyTorch: both unset, spinning waits).
# Part A: the four models of issue #19, synthetic (the batch-4 protocol: 25 warm-up, 15 timed steps) and end to
# end; then evaluate / predict of the shipped myCnn.v9 alternated with bench models' batch-32 inference.
# Part B: all 42 architectures side by side, synthetic, with section 15's warm-up and runs per group.
# PART=A, B, C, D, E or any combination picks the parts (default AB, as they ran; then C, D and E).
# Output: one log per step under $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-runs/bench-2026-12-03-s15}"
export WBC_DATA="${WBC_DATA:-$(cd .. && pwd)/shared/bccd}"
mkdir -p "$OUT"
run() { local name="$1"; shift; echo "== $name: $*" | tee -a "$OUT/index.txt"; local t0=$SECONDS; "$@" > "$OUT/$name.log" 2>&1; echo "   exit $? after $((SECONDS - t0)) s" >> "$OUT/index.txt"; }

MYCNN=myCnn.v0,myCnn.v1,myCnn.v2,myCnn.v3,myCnn.v4,myCnn.v5,myCnn.v6,myCnn.v7,myCnn.v8,myCnn.v9,myCnn.v10,myCnn.v11,myCnn.v12,myCnn.v13,myCnn.v14,myCnn.v15,myCnn.v16,myCnn.v17,myCnn.v18,myCnn.v19,myCnn.v20
BATCH32=autoencoder.v3,inceptionBottleneck3,inceptionBottleneck5,inceptionBottleneck7,inceptionTowers5,inceptionParaA,inceptionParaB,inceptionFactorized,unetEncoder,basicCnn,basicCnn.deeper2,basicCnn.deeper3,depthwiseSeparable
# autoencoder.v2's PyTorch twin (9.5 GB) beside the JVM (14.8 GB) exceeds this machine's 24 GB (section 23): DL4J only.
SLOW=autoencoder.v1,vgg16Transfer,vgg16Gap
NOTWIN=autoencoder.v2,vgg16Gap.paper,vgg16Gap.beforeGap

if [[ "${PART:-AB}" == *A* ]]; then
  run models-19 ./wbc bench models --pytorch --json --models myCnn.v9,resNet18,depthwiseSeparable --warmup 25 --runs 15
  run models-19-vgg ./wbc bench models --pytorch --json --models vgg16Gap --warmup 3 --runs 5
  run train-19-batch4 ./wbc bench train --pytorch --json --models myCnn.v9,resNet18 --limit-per-class 100 --warmup 20 --steps 100
  run train-19-dw ./wbc bench train --pytorch --json --models depthwiseSeparable --limit-per-class 40 --warmup 3 --steps 10
  run train-19-vgg ./wbc bench train --pytorch --json --models vgg16Gap --limit-per-class 16 --warmup 2 --steps 6
  MODEL=wbc-pretrained/src/main/resources/io/github/wbczoo/pretrained/myCnn.v9/model.wbc
  for i in 1 2; do
    run evaluate-$i bash -c "time ./wbc evaluate --model $MODEL --splits TEST --out $OUT/eval-$i --resamples 200"
    run infer-$i ./wbc bench models --json --models myCnn.v9 --warmup 10 --runs 20
  done
  run predict bash -c "time ./wbc predict --model $MODEL --csv $OUT/predict.csv $WBC_DATA/dataset2-master/images/TEST"
fi
if [[ "${PART:-AB}" == *B* ]]; then
  run all-batch4 ./wbc bench models --pytorch --json --models resNet18,$MYCNN,autoencoder.original --warmup 25 --runs 15
  run all-batch32 ./wbc bench models --pytorch --json --models $BATCH32 --warmup 8 --runs 7
  run all-slow ./wbc bench models --pytorch --json --models $SLOW --warmup 2 --runs 3
  run all-notwin ./wbc bench models --json --models $NOTWIN --warmup 2 --runs 3
fi
# Part C: myCnn.v9 read 116.6 img/s as the first model of part A's JVM and 193.7 as the eleventh of part B's, against
# PyTorch's 190.5 and 186.4. Is it the JIT still compiling during the first model's 25 warm-up steps? Twice each:
# first in its JVM with 25 and with 300 warm-up steps, and after another model.
if [[ "${PART:-AB}" == *C* ]]; then
  for i in 1 2; do
    run first-w25-$i ./wbc bench models --pytorch --json --models myCnn.v9 --warmup 25 --runs 15
    run first-w300-$i ./wbc bench models --pytorch --json --models myCnn.v9 --warmup 300 --runs 15
    run second-w25-$i ./wbc bench models --pytorch --json --models myCnn.v0,myCnn.v9 --warmup 25 --runs 15
  done
fi
# Part D: the real path after 300 warm-up batches instead of 20 (600 images per class, so one epoch holds them all).
if [[ "${PART:-AB}" == *D* ]]; then
  run train-w300 ./wbc bench train --pytorch --json --models myCnn.v9 --limit-per-class 600 --warmup 300 --steps 100
fi
# Part E: the 21 myCnn rows again after 300 warm-up steps per model (resNet18 and autoencoder.original take 0.3-0.7 s a step: 25 are seconds) (part C: a JVM's first model is still being compiled
# during 25), PyTorch the same.
if [[ "${PART:-AB}" == *E* ]]; then
  run all-mycnn-w300 ./wbc bench models --pytorch --json --models $MYCNN --warmup 300 --runs 15
fi
echo DONE >> "$OUT/index.txt"
