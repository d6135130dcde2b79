#!/bin/bash
# Session 41: fingerprints, then lightgbm folds 0-4, for the datasets given (code frozen at /work/s41code).
cd ~/molpair-runs/s41
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s41code/src
for d in "$@"; do
  echo "$(date +%T) fingerprints $d"
  molpair fingerprints --config lgbm41.yaml --dataset $d > lgbm41/$d-fingerprints.log 2>&1
  rc=$?; echo "$(date +%T) rc $rc"
  for f in 0 1 2 3 4; do
    echo "$(date +%T) train $d fold $f"
    molpair train --config lgbm41.yaml --dataset $d --model lightgbm --fold $f --repeat 0 --threads 1 > lgbm41/$d-fold$f.log 2>&1
    rc=$?; echo "$(date +%T) rc $rc"
  done
done
