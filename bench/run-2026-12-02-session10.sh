#!/usr/bin/env bash
# The side-by-side runs behind bench/NOTES.md section 19 (session 10), on this session's machine: AMD EPYC
# (Zen 3, family 25), 2 cores, AVX2 without AVX-512 -- not the AVX-512 machine of sessions 1-9, so absolute
# figures are not comparable with earlier sections, only the ratios measured in one run. Each framework at
# its own best OpenMP setting (DL4J PASSIVE with small primitives on one thread, PyTorch spinning), the same
# warm-up and runs as sessions 8-9; vgg16Gap with fewer runs (one batch-32 training step takes ~20 s here).
# Then ./wbc evaluate of the shipped myCnn.v9 on TEST, alternated with bench models' batch-32 inference of it.
# Output: one log per step under $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-runs/bench-2026-12-02-s10}"
export WBC_DATA="${WBC_DATA:-$(cd .. && pwd)/shared/bccd}"
mkdir -p "$OUT"
run() { local name="$1"; shift; echo "== $name: $*" | tee -a "$OUT/index.txt"; local t0=$SECONDS; "$@" > "$OUT/$name.log" 2>&1; echo "   exit $? after $((SECONDS - t0)) s" >> "$OUT/index.txt"; }

# The real path against PyTorch users' loops, the models issue #19 names.
run train-batch4-pt ./wbc bench train --pytorch --json --models myCnn.v9,resNet18 --limit-per-class 100 --warmup 20 --steps 100
run train-dw-pt ./wbc bench train --pytorch --json --models depthwiseSeparable --limit-per-class 40 --warmup 3 --steps 10
# Synthetic, side by side.
run models-batch4 ./wbc bench models --pytorch --json --models resNet18,myCnn.v9,depthwiseSeparable --warmup 25 --runs 15
run models-vgg ./wbc bench models --pytorch --json --models vgg16Gap --warmup 2 --runs 3
# evaluate / predict against the batch-32 inference rate, alternated.
MODEL=wbc-pretrained/src/main/resources/io/github/wbczoo/pretrained/myCnn.v9/model.wbc
for i in 1 2; do
  run "evaluate-$i" bash -c "time ./wbc evaluate --model $MODEL --splits TEST --out $OUT/eval-$i --resamples 200"
  run "infer-$i" ./wbc bench models --json --models myCnn.v9 --warmup 10 --runs 20
  run "predict-$i" bash -c "time ./wbc predict --model $MODEL --csv $OUT/predict-$i.csv $WBC_DATA/dataset2-master/images/TEST"
done
echo DONE >> "$OUT/index.txt"
