#!/bin/bash
# Session 39: the rest of the issue 14 table, seed 1 of REINVENT first, then seed 2 (REINVENT, Graph GA) target by
# target; code frozen at 415196b (/work/s39code), one thread. Workers share one queue (mkdir of a lock directory).
# WAIT_PID: a design job this worker waits for before it starts.
cd ~/molpair-runs/s38
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s39code/src
while kill -0 "$WAIT_PID" 2>/dev/null; do sleep 15; done
jobs="$(for t in abs650-toluene abs550-toluene abs450-toluene abs650-acetonitrile abs550-acetonitrile abs450-acetonitrile; do echo reinvent:$t:1; done)
$(for t in abs650-toluene abs550-toluene abs450-toluene abs650-acetonitrile abs550-acetonitrile abs450-acetonitrile; do echo reinvent:$t:2; echo ga:$t:2; done)"
for job in $jobs; do
  IFS=: read m t seed <<< "$job"
  name=$m; [ $m = ga ] && name=graph_ga
  [ -f design38t/design/$t/$name-seed$seed/summary.json ] && continue
  mkdir locks/$m-$t-s$seed 2>/dev/null || continue
  echo "$(date +%T) start $m $t $seed"
  molpair design --config t38-$m.yaml --target $t --seed $seed --threads 1 > design38t/logs/$m-$t-s$seed.log 2>&1
  echo "$(date +%T) done $m $t $seed rc $?"
done
