#!/bin/bash
# After the chr_abs repeat: issue 14 table, Graph GA (nearest start): seed 0 on the six targets, then seed 1, one thread.
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH
while pgrep -f chainA.sh > /dev/null; do sleep 20; done
for seed in 0 1 2; do for t in abs650-toluene abs550-toluene abs450-toluene abs650-acetonitrile abs550-acetonitrile abs450-acetonitrile; do
  [ -f design38t/design/$t/graph_ga-seed$seed/summary.json ] && continue
  molpair design --config t38-ga.yaml --target $t --seed $seed --threads 1 > design38t/logs/ga-$t-s$seed.log 2>&1
done; done
