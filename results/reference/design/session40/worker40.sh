#!/bin/bash
# Session 40: issue 14, REINVENT with filter_groups core on the six targets, seed 0 first, then 1, then 2;
# code frozen at 4ef3079 (/work/s40code), one thread. Workers share one queue (mkdir of a lock directory).
cd ~/molpair-runs/s40
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s40code/src
for seed in 0 1 2; do for t in abs650-toluene abs550-toluene abs450-toluene abs650-acetonitrile abs550-acetonitrile abs450-acetonitrile; do
  [ -f design40core/design/$t/reinvent-seed$seed/summary.json ] && continue
  mkdir locks/$t-s$seed 2>/dev/null || continue
  echo "$(date +%T) start $t $seed"
  molpair design --config t40-core.yaml --target $t --seed $seed --threads 1 > design40core/logs/$t-s$seed.log 2>&1
  echo "$(date +%T) done $t $seed rc $?"
done; done
