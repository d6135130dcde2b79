#!/bin/bash
# Session 49: lightgbm with the conjugation path (code 60e745e, frozen at /work/s49b), against session 48's runs
# (same pairs, splits, fingerprint files, seeds); worker $1 of 2 takes every other run of the list.
cd ~/molpair-runs/s49
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s49b/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
while pgrep -f "fp49.py" > /dev/null; do sleep 10; done
w=$1; i=0
for job in "chr_emi 0" "chr_abs 0" "freesolv 0" "mnsol 0" "chr_emi 1" "chr_emi 2" "chr_life 0" "chr_abs 1" "chr_abs 2" "freesolv 1" "freesolv 2" "mnsol 1" "mnsol 2"; do
  set -- $job; d=$1; r=$2
  for f in 0 1 2 3 4; do
    i=$((i+1)); [ $((i % 2)) -eq $w ] || continue
    [ -f cj49/$d/runs/lightgbm/fold$f-rep$r/metrics.json ] && continue
    echo "$(date +%T) $d fold $f rep $r"
    molpair train --config cj49.yaml --dataset $d --model lightgbm --fold $f --repeat $r --threads 1 > cj49/$d-fold$f-rep$r.log 2>&1
    rc=$?; echo "$(date +%T) rc $rc"
  done
done
