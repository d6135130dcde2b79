#!/bin/bash
# After chainB: lightgbm with the electronic block, chr_abs, seeds 1 and 2 (--repeat) on folds 0-4.
cd ~/molpair-runs/s42
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s42code3/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
while ! grep -q "elec chr_emi fold 4" chainB.out || [ $(grep -c "rc " chainB.out) -lt 13 ]; do sleep 20; done
for r in 1 2; do
  for f in 0 1 2 3 4; do
    echo "$(date +%T) elec chr_abs fold $f repeat $r"
    molpair train --config elec.yaml --dataset chr_abs --model lightgbm --fold $f --repeat $r --threads 1 > elec42/chr_abs-fold$f-rep$r.log 2>&1
    rc=$?; echo "$(date +%T) rc $rc"
  done
done
