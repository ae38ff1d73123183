#!/usr/bin/env bash
# The side-by-side runs behind bench/NOTES.md section 21 (session 12), on an Intel Xeon with AVX-512 (2 cores):
# ./wbc now sets OPENBLAS_THREAD_TIMEOUT=24. Each framework at its own best OpenMP setting (DL4J PASSIVE,
# PyTorch spinning), the warm-up and runs of sessions 8-11, plus vgg16Gap (not re-run since section 17). Then
# ./wbc evaluate of the shipped myCnn.v9 over TEST, with OpenBLAS's default wait (2^28 cycles) and ./wbc's,
# alternated with bench models' batch-32 inference of it, and ./wbc predict over the same JPEGs.
# Output: one log per step under $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-runs/bench-2026-12-02-s12}"
export WBC_DATA="${WBC_DATA:-$(cd .. && pwd)/shared/bccd}"
mkdir -p "$OUT"
run() { local name="$1"; shift; echo "== $name: $*" | tee -a "$OUT/index.txt"; local t0=$SECONDS; "$@" > "$OUT/$name.log" 2>&1; echo "   exit $? after $((SECONDS - t0)) s" >> "$OUT/index.txt"; }

# The real path against PyTorch users' loops, the models issue #19 names.
run train-batch4-pt ./wbc bench train --pytorch --json --models myCnn.v9,resNet18 --limit-per-class 100 --warmup 20 --steps 100
run train-dw-pt ./wbc bench train --pytorch --json --models depthwiseSeparable --limit-per-class 40 --warmup 3 --steps 10
run train-vgg-pt ./wbc bench train --pytorch --json --models vgg16Gap --limit-per-class 16 --warmup 2 --steps 6
# Synthetic, side by side.
run models-batch4 ./wbc bench models --pytorch --json --models resNet18,myCnn.v9,depthwiseSeparable --warmup 25 --runs 15
run models-vgg ./wbc bench models --pytorch --json --models vgg16Gap --warmup 3 --runs 5
# evaluate / predict against the batch-32 inference rate, alternated; 28 is OpenBLAS's own default wait.
MODEL=wbc-pretrained/src/main/resources/io/github/wbczoo/pretrained/myCnn.v9/model.wbc
for i in 1 2; do
  run "evaluate-$i" bash -c "time ./wbc evaluate --model $MODEL --splits TEST --out $OUT/eval-$i --resamples 200"
  run "evaluate-wait28-$i" bash -c "time OPENBLAS_THREAD_TIMEOUT=28 ./wbc evaluate --model $MODEL --splits TEST --out $OUT/eval28-$i --resamples 200"
  run "infer-$i" ./wbc bench models --json --models myCnn.v9 --warmup 10 --runs 20
  run "infer-wait28-$i" env OPENBLAS_THREAD_TIMEOUT=28 ./wbc bench models --json --models myCnn.v9 --warmup 10 --runs 20
  run "predict-$i" bash -c "time ./wbc predict --model $MODEL --csv $OUT/predict-$i.csv $WBC_DATA/dataset2-master/images/TEST"
done
echo DONE >> "$OUT/index.txt"
