#!/bin/bash
# usage: seeds44.sh DATASET "FOLDS" REPEATS...: lightgbm repeats of session 42's elec.yaml (code at /work/s44code).
cd ~/molpair-runs/s42
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s44code/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
d=$1; folds=$2; shift 2
for r in "$@"; do for f in $folds; do
  echo "$(date +%T) $d fold $f repeat $r"
  python -m molpair train --config elec.yaml --dataset $d --model lightgbm --fold $f --repeat $r --threads 1 > elec42/$d-fold$f-rep$r.log 2>&1
  rc=$?; echo "$(date +%T) rc $rc"
done; done
