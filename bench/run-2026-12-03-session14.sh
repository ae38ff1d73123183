#!/usr/bin/env bash
# The runs behind bench/NOTES.md section 23 (session 14), on the AVX-512 Xeon of sections 21-22 (2 cores), after the
# training-accuracy count stopped copying the class head's input and a network's validation kept its activations in
# a reused workspace: the real training path against the same JVM's synthetic figure for all 42 registry models
# (issue #13's "every recipe model"), with the PyTorch user's loop beside the batch-16/32 models whose synthetic ratio
# is at or above 1.0 (the end-to-end target). Each framework at its own best OpenMP setting: DL4J as ./wbc sets it
# (PASSIVE, GOMP_SPINCOUNT=30000), PyTorch with both unset (spinning waits).
# Output: one log per step under $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-runs/bench-2026-12-03-s14}"
export WBC_DATA="${WBC_DATA:-$(cd .. && pwd)/shared/bccd}"
mkdir -p "$OUT"
run() { local name="$1"; shift; echo "== $name: $*" | tee -a "$OUT/index.txt"; local t0=$SECONDS; "$@" > "$OUT/$name.log" 2>&1; echo "   exit $? after $((SECONDS - t0)) s" >> "$OUT/index.txt"; }

BATCH32=inceptionBottleneck3,inceptionBottleneck5,inceptionBottleneck7,inceptionTowers5,inceptionParaA,inceptionParaB,inceptionFactorized,unetEncoder,basicCnn,basicCnn.deeper2,basicCnn.deeper3,depthwiseSeparable,autoencoder.v3
BATCH4=resNet18,$(printf 'myCnn.v%s,' $(seq 0 20))autoencoder.v1,autoencoder.original
VGG=vgg16Gap,vgg16Gap.paper,vgg16Gap.beforeGap,vgg16Transfer

# A first run of the batch-32 group with --json and autoencoder.v2 was killed by the kernel's OOM killer: the JVM
# (14.8 GB resident after 12 models) and autoencoder.v2's PyTorch twin (472 M parameters, 9.5 GB) did not fit in
# 24 GB, and --json printed only at the end (it now also prints the table to stderr as it goes). So the table form
# (a line per model as it finishes), and
# autoencoder.v2 without its twin.
run train-batch4 ./wbc bench train --json --models "$BATCH4" --limit-per-class 60 --warmup 10 --steps 40
run train-vgg ./wbc bench train --json --models "$VGG" --limit-per-class 16 --warmup 2 --steps 6
run train-batch32-pt ./wbc bench train --pytorch --models "$BATCH32" --limit-per-class 60 --warmup 3 --steps 12
run train-ae-v2 ./wbc bench train --models autoencoder.v2 --limit-per-class 60 --warmup 3 --steps 12
# The batch-4 rows again with windows 2.5x as long (40 steps at 80 img/s is a 2-second window on this noisy host).
run train-batch4-long ./wbc bench train --models "$BATCH4" --limit-per-class 100 --warmup 20 --steps 100
# The six rows below 0.9 there, twice more each (after the --json change; same protocol).
for i in 1 2; do
  run train-batch4-low-$i-a ./wbc bench train --models myCnn.v2,myCnn.v4,myCnn.v12 --limit-per-class 100 --warmup 20 --steps 100
done
for i in 1 2; do
  run train-batch4-low-$i-b ./wbc bench train --models myCnn.v3,myCnn.v10,myCnn.v19 --limit-per-class 100 --warmup 20 --steps 100
done
# evaluate / predict against the batch-32 inference rate, alternated (as session 13).
MODEL=wbc-pretrained/src/main/resources/io/github/wbczoo/pretrained/myCnn.v9/model.wbc
for i in 1 2; do
  run evaluate-$i bash -c "time ./wbc evaluate --model $MODEL --splits TEST --out $OUT/eval-$i --resamples 200"
  run infer-$i ./wbc bench models --json --models myCnn.v9 --warmup 10 --runs 20
done
run predict bash -c "time ./wbc predict --model $MODEL --csv $OUT/predict.csv $WBC_DATA/dataset2-master/images/TEST"
echo DONE >> "$OUT/index.txt"
