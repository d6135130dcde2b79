#!/bin/bash
# Session 48: lightgbm (electronic block with charge transfer and the pair's solvent polarity), five folds x
# three seeds on chr_emi, then chr_abs, then chr_life; worker $1 of 2 takes every other run.
cd ~/molpair-runs/s48
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s48train/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
i=0
for d in chr_emi chr_abs chr_life; do
  while ! grep -q "fingerprints $d" -A1 fp48.out || ! grep -A1 "fingerprints $d" fp48.out | grep -q "rc 0"; do sleep 20; done
  for r in 0 1 2; do for f in 0 1 2 3 4; do
    i=$((i+1)); [ $((i % 2)) -eq $1 ] || continue
    [ -f ct48/$d/runs/lightgbm/fold$f-rep$r/metrics.json ] && continue
    echo "$(date +%T) $d fold $f rep $r"
    molpair train --config ct48.yaml --dataset $d --model lightgbm --fold $f --repeat $r --threads 1 > ct48/$d-fold$f-rep$r.log 2>&1
    rc=$?; echo "$(date +%T) rc $rc"
  done; done
done
