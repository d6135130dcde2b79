#!/bin/bash
# Issue 14 table, REINVENT (bucket 100 + forget_resampled): seed 0 on the six targets, then seed 1, one thread.
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH
for seed in 0 1 2; do for t in abs650-toluene abs550-toluene abs450-toluene abs650-acetonitrile abs550-acetonitrile abs450-acetonitrile; do
  [ -f design38t/design/$t/reinvent-seed$seed/summary.json ] && continue
  molpair design --config t38-reinvent.yaml --target $t --seed $seed --threads 1 > design38t/logs/reinvent-$t-s$seed.log 2>&1
done; done
