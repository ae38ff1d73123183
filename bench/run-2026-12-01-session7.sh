#!/usr/bin/env bash
# The benchmark runs behind bench/NOTES.md section 16 (session 7), in the order they were run, on
# the idle 2-core machine, on the final build. Each framework at its own best OpenMP setting (DL4J
# PASSIVE with small primitives on one thread, PyTorch spinning), as ./wbc bench sets it. The same
# protocol as session 6 (run-2026-12-01-session6.sh); the slow group (autoencoder.v1/v2, VGG) only
# vgg16Gap, synthetic. Output: one log per step under $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-runs/bench-2026-12-01-s7}"
mkdir -p "$OUT"
run() { local name="$1"; shift; echo "== $name: $*" | tee -a "$OUT/index.txt"; local t0=$SECONDS; "$@" > "$OUT/$name.log" 2>&1; echo "   exit $? after $((SECONDS - t0)) s" >> "$OUT/index.txt"; }

MYCNN=myCnn.v0,myCnn.v1,myCnn.v2,myCnn.v3,myCnn.v4,myCnn.v5,myCnn.v6,myCnn.v7,myCnn.v8,myCnn.v9,myCnn.v10,myCnn.v11,myCnn.v12,myCnn.v13,myCnn.v14,myCnn.v15,myCnn.v16,myCnn.v17,myCnn.v18,myCnn.v19,myCnn.v20
BATCH32=autoencoder.v3,inceptionBottleneck3,inceptionBottleneck5,inceptionBottleneck7,inceptionTowers5,inceptionParaA,inceptionParaB,inceptionFactorized,unetEncoder,basicCnn,basicCnn.deeper2,basicCnn.deeper3,depthwiseSeparable

run models-batch4 ./wbc bench models --pytorch --json --models resNet18,$MYCNN,autoencoder.original --warmup 25 --runs 15
run models-batch32 ./wbc bench models --pytorch --json --models $BATCH32 --warmup 8 --runs 7
run models-vgg16Gap ./wbc bench models --pytorch --json --models vgg16Gap --warmup 2 --runs 3
run train-batch4-pt ./wbc bench train --pytorch --json --models myCnn.v9,resNet18,autoencoder.original --limit-per-class 100 --warmup 5
run train-mycnn ./wbc bench train --json --models ${MYCNN} --limit-per-class 100 --warmup 5
run train-dw-pt ./wbc bench train --pytorch --json --models depthwiseSeparable --limit-per-class 40 --warmup 3

M=wbc-pretrained/src/main/resources/io/github/wbczoo/pretrained/myCnn.v9/model.wbc
for i in 1 2; do
  rm -rf "$OUT/eval$i"
  run evaluate-$i /usr/bin/time -f "wall %e s" ./wbc evaluate --model "$M" --data ../shared/bccd --splits TEST --out "$OUT/eval$i"
  run predict-$i /usr/bin/time -f "wall %e s" ./wbc predict --model "$M" ../shared/bccd/dataset2-master/images/TEST --csv "$OUT/predict$i.csv"
done
echo DONE >> "$OUT/index.txt"

# After the run above, batch norms moved to oneDNN's blocked layout (the commit after c3bfa71).
# The models it changes, re-run on the final build with the same protocol:
OUT="${OUT}-final"; mkdir -p "$OUT"
run models-bn-batch4 ./wbc bench models --pytorch --json --models resNet18,myCnn.v9,myCnn.v14,myCnn.v15,myCnn.v16 --warmup 25 --runs 15
run models-bn-batch32 ./wbc bench models --pytorch --json --models depthwiseSeparable,inceptionBottleneck3,inceptionParaB --warmup 8 --runs 7
run train-final-pt ./wbc bench train --pytorch --json --models resNet18,myCnn.v9 --limit-per-class 100 --warmup 5
run train-dw-final-pt ./wbc bench train --pytorch --json --models depthwiseSeparable --limit-per-class 40 --warmup 3
