#!/bin/bash
# Session 39: issue 14 table seeds 1 and 2, Graph GA first, then REINVENT (t38 defaults), code frozen at 415196b
# (/work/s39code), one thread. Workers share one queue; a job is claimed by mkdir of its lock directory.
cd ~/molpair-runs/s38
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s39code/src
for m in ga reinvent; do for seed in 1 2; do for t in abs650-toluene abs550-toluene abs450-toluene abs650-acetonitrile abs550-acetonitrile abs450-acetonitrile; do
  name=$m; [ $m = ga ] && name=graph_ga
  [ -f design38t/design/$t/$name-seed$seed/summary.json ] && continue
  mkdir locks/$m-$t-s$seed 2>/dev/null || continue
  echo "$(date +%T) start $m $t $seed"
  molpair design --config t38-$m.yaml --target $t --seed $seed --threads 1 > design38t/logs/$m-$t-s$seed.log 2>&1
  echo "$(date +%T) done $m $t $seed rc $?"
done; done; done
