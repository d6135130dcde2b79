#!/bin/bash
# Session 53: the Huber-loss probe (huber53.py, delta 10 nm) on chr_emi's five folds, started whenever fewer than
# two probes run (once h53b.sh has started its last chr_abs run).
cd ~/molpair-runs/s52
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s52code/src
while [ ! -e h53/chr_abs-f4-huber20.log ]; do sleep 10; done  # h53b.sh has started its last run
for fold in 0 1 2 3 4; do
  while [ "$(pgrep -fc '^python .*huber53.py')" -ge 2 ]; do sleep 10; done
  ( python /work/main/results/reference/chromophores/session53/huber53.py lgbm52.yaml chr_emi $fold 0 huber10 h53/chr_emi-f$fold-huber10.json > h53/chr_emi-f$fold-huber10.log 2>&1; echo "$(date +%T) chr_emi fold $fold huber10 rc $?" ) &
  sleep 20
done
wait
echo "$(date +%T) done"
