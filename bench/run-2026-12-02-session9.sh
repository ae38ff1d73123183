#!/usr/bin/env bash
# The side-by-side runs behind bench/NOTES.md section 18 (session 9), on the final build, on the idle
# 2-core machine, after the pooling change. Each framework at its own best OpenMP setting (DL4J PASSIVE
# with small primitives on one thread, PyTorch spinning), as ./wbc bench sets it; the same warm-up and
# runs as session 8. The A/B runs of the change itself (alternated, this build against
# -Dwbc.pooling.dnnl=false) are in the section's text. Output: one log per step under $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-runs/bench-2026-12-02-s9-side}"
export WBC_DATA="${WBC_DATA:-$(cd .. && pwd)/shared/bccd}"
mkdir -p "$OUT"
run() { local name="$1"; shift; echo "== $name: $*" | tee -a "$OUT/index.txt"; local t0=$SECONDS; "$@" > "$OUT/$name.log" 2>&1; echo "   exit $? after $((SECONDS - t0)) s" >> "$OUT/index.txt"; }

MYCNN=myCnn.v0,myCnn.v1,myCnn.v2,myCnn.v3,myCnn.v4,myCnn.v5,myCnn.v6,myCnn.v7,myCnn.v8,myCnn.v9,myCnn.v10,myCnn.v11,myCnn.v12,myCnn.v13,myCnn.v14,myCnn.v15,myCnn.v16,myCnn.v17,myCnn.v18,myCnn.v19,myCnn.v20

# The real path against PyTorch users' loops, the models issue #19 names.
run train-batch4-pt ./wbc bench train --pytorch --json --models myCnn.v9,resNet18 --limit-per-class 100 --warmup 20 --steps 100
run train-dw-pt ./wbc bench train --pytorch --json --models depthwiseSeparable --limit-per-class 40 --warmup 3 --steps 10
# Synthetic, side by side.
run models-batch4 ./wbc bench models --pytorch --json --models resNet18,myCnn.v9,depthwiseSeparable --warmup 25 --runs 15
run models-mycnn ./wbc bench models --pytorch --json --models ${MYCNN} --warmup 25 --runs 10
echo DONE >> "$OUT/index.txt"
