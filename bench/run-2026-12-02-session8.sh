#!/usr/bin/env bash
# The benchmark runs behind bench/NOTES.md section 17 (session 8), in the order they were run, on the
# idle 2-core machine, on the final build. Each framework at its own best OpenMP setting (DL4J PASSIVE
# with small primitives on one thread, PyTorch spinning), as ./wbc bench sets it. bench train now
# warms up 20 steps (the JIT's compilation is not the steady state a 12-epoch run sees) and times the
# same model on a random batch just before and after the real window (real/synth, one JVM). evaluate
# is alternated with bench models' batch-32 inference three times, as the host drifts within minutes.
# Output: one log per step under $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-runs/bench-2026-12-02-s8}"
export WBC_DATA="${WBC_DATA:-$(cd .. && pwd)/shared/bccd}"
mkdir -p "$OUT"
run() { local name="$1"; shift; echo "== $name: $*" | tee -a "$OUT/index.txt"; local t0=$SECONDS; "$@" > "$OUT/$name.log" 2>&1; echo "   exit $? after $((SECONDS - t0)) s" >> "$OUT/index.txt"; }

MYCNN=myCnn.v0,myCnn.v1,myCnn.v2,myCnn.v3,myCnn.v4,myCnn.v5,myCnn.v6,myCnn.v7,myCnn.v8,myCnn.v9,myCnn.v10,myCnn.v11,myCnn.v12,myCnn.v13,myCnn.v14,myCnn.v15,myCnn.v16,myCnn.v17,myCnn.v18,myCnn.v19,myCnn.v20
BATCH32=autoencoder.v3,inceptionBottleneck3,inceptionBottleneck5,inceptionBottleneck7,inceptionTowers5,inceptionParaA,inceptionParaB,inceptionFactorized,unetEncoder,basicCnn,basicCnn.deeper2,basicCnn.deeper3,depthwiseSeparable

# The real path against PyTorch users' loops, the models issue #19 names first.
run train-batch4-pt ./wbc bench train --pytorch --json --models myCnn.v9,resNet18,autoencoder.original --limit-per-class 100 --warmup 20 --steps 100
run train-dw-pt ./wbc bench train --pytorch --json --models depthwiseSeparable --limit-per-class 40 --warmup 3 --steps 10
# Synthetic, side by side (the same warm-up and runs as session 7).
run models-batch4 ./wbc bench models --pytorch --json --models resNet18,myCnn.v9,depthwiseSeparable --warmup 25 --runs 15
# The real path against the same JVM's synthetic figure, every recipe model but the slow group.
run train-mycnn ./wbc bench train --json --models ${MYCNN} --limit-per-class 100 --warmup 20 --steps 100
run train-batch32 ./wbc bench train --json --models ${BATCH32},autoencoder.original,resNet18 --limit-per-class 40 --warmup 3 --steps 10

M=wbc-pretrained/src/main/resources/io/github/wbczoo/pretrained/myCnn.v9/model.wbc
for i in 1 2 3; do
  run infer-$i ./wbc bench models --json --models myCnn.v9 --warmup 8 --runs 7
  rm -rf "$OUT/eval$i"
  run evaluate-$i /usr/bin/time -f "wall %e s" ./wbc evaluate --model "$M" --data "$WBC_DATA" --splits TEST --out "$OUT/eval$i"
  run predict-$i /usr/bin/time -f "wall %e s" ./wbc predict --model "$M" "$WBC_DATA/dataset2-master/images/TEST" --csv "$OUT/predict$i.csv"
done
echo DONE >> "$OUT/index.txt"

# Second part, run right after: the real path against PyTorch users' loops for the batch-32 families
# whose synthetic ratio is above 1 and vgg16Gap, and the myCnn rows side by side again (their
# synthetic ratios moved by up to 30% between session 7's runs).
OUT="${OUT}-2"; mkdir -p "$OUT"
run train-batch32-pt ./wbc bench train --pytorch --json --models unetEncoder,basicCnn,inceptionBottleneck7,inceptionParaB,vgg16Gap --limit-per-class 40 --warmup 3 --steps 10
run models-mycnn ./wbc bench models --pytorch --json --models ${MYCNN} --warmup 25 --runs 15
echo DONE >> "$OUT/index.txt"
