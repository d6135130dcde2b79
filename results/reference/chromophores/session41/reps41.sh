#!/bin/bash
# Session 41: lightgbm repeats 1-2 (other seeds) on chr_abs fold 0, for the seed spread and the repeats' average.
cd ~/molpair-runs/s41
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s41code/src
for r in 1 2; do
  echo "$(date +%T) train chr_abs fold 0 repeat $r"
  molpair train --config lgbm41.yaml --dataset chr_abs --model lightgbm --fold 0 --repeat $r --threads 1 > lgbm41/chr_abs-fold0-rep$r.log 2>&1
  rc=$?; echo "$(date +%T) rc $rc"
done
