#!/bin/bash
# Session 48: what train48.sh left when it was stopped for time (stop48b.sh): runs given as DATASET:FOLD:REPEAT.
cd ~/molpair-runs/s48
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s48train/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
for run in "$@"; do
  IFS=: read d f r <<< "$run"
  [ -f ct48/$d/runs/lightgbm/fold$f-rep$r/metrics.json ] && continue
  echo "$(date +%T) $d fold $f rep $r"
  molpair train --config ct48.yaml --dataset $d --model lightgbm --fold $f --repeat $r --threads 1 > ct48/$d-fold$f-rep$r.log 2>&1
  rc=$?; echo "$(date +%T) rc $rc"
done
