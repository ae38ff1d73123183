#!/usr/bin/env bash
# The side-by-side runs behind bench/NOTES.md section 22 (session 13), on the AVX-512 Xeon of section 21 (2 cores):
# ./wbc now sets GOMP_SPINCOUNT=30000 beside OMP_WAIT_POLICY=PASSIVE. Each framework at its own best OpenMP setting
# (DL4J PASSIVE with the short spin, PyTorch with both unset: spinning waits), the warm-up and runs of sessions 8-12,
# for the three models of issue #19 whose ratio is below 1.0 (vgg16Gap's large convolutions do not wait between calls).
# Then ./wbc evaluate and ./wbc predict of the shipped myCnn.v9 over TEST, beside bench models' batch-32 inference.
# Output: one log per step under $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-runs/bench-2026-12-02-s13}"
export WBC_DATA="${WBC_DATA:-$(cd .. && pwd)/shared/bccd}"
mkdir -p "$OUT"
run() { local name="$1"; shift; echo "== $name: $*" | tee -a "$OUT/index.txt"; local t0=$SECONDS; "$@" > "$OUT/$name.log" 2>&1; echo "   exit $? after $((SECONDS - t0)) s" >> "$OUT/index.txt"; }

# The real path against PyTorch users' loops.
run train-batch4-pt ./wbc bench train --pytorch --json --models myCnn.v9,resNet18 --limit-per-class 100 --warmup 20 --steps 100
run train-dw-pt ./wbc bench train --pytorch --json --models depthwiseSeparable --limit-per-class 40 --warmup 3 --steps 10
# Synthetic, side by side.
run models-batch4 ./wbc bench models --pytorch --json --models resNet18,myCnn.v9,depthwiseSeparable --warmup 25 --runs 15
# evaluate / predict against the batch-32 inference rate.
MODEL=wbc-pretrained/src/main/resources/io/github/wbczoo/pretrained/myCnn.v9/model.wbc
run evaluate bash -c "time ./wbc evaluate --model $MODEL --splits TEST --out $OUT/eval --resamples 200"
run infer ./wbc bench models --json --models myCnn.v9 --warmup 10 --runs 20
run predict bash -c "time ./wbc predict --model $MODEL --csv $OUT/predict.csv $WBC_DATA/dataset2-master/images/TEST"
echo DONE >> "$OUT/index.txt"
