#!/bin/bash
# Session 53: the Huber-loss probe (huber53.py, delta 20 nm) on chr_abs's five folds, started whenever fewer than
# two probes run (after h53.sh's chr_emi runs).
cd ~/molpair-runs/s52
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s52code/src
for fold in 0 1 2 3 4; do
  while [ "$(pgrep -fc '^python .*huber53.py')" -ge 2 ]; do sleep 10; done
  ( python /work/main/results/reference/chromophores/session53/huber53.py lgbm52.yaml chr_abs $fold 0 huber20 h53/chr_abs-f$fold-huber20.json > h53/chr_abs-f$fold-huber20.log 2>&1; echo "$(date +%T) chr_abs fold $fold huber20 rc $?" ) &
  sleep 20
done
wait
echo "$(date +%T) done"
