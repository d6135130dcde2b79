#!/bin/bash
# Session 40 (FreeSolv, MNSol): fingerprints, then lightgbm folds 0-4, for the datasets given (code 59bf790 frozen at /work/s40lgbm2).
cd ~/molpair-runs/s40
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s40lgbm2/src
for d in "$@"; do
  echo "$(date +%T) fingerprints $d"
  /usr/bin/time -f "%e s" molpair fingerprints --config lgbm40s.yaml --dataset $d > lgbm40s/$d-fingerprints.log 2>&1
  for f in 0 1 2 3 4; do
    echo "$(date +%T) train $d fold $f"
    molpair train --config lgbm40s.yaml --dataset $d --model lightgbm --fold $f --repeat 0 --threads 1 > lgbm40s/$d-fold$f.log 2>&1
    rc=$?; echo "$(date +%T) rc $rc"
  done
done
