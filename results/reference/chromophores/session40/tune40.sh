#!/bin/bash
# Session 40: three lightgbm settings on chr_abs fold 0, to be compared on validation only (code 59bf790 at /work/s40lgbm2).
cd ~/molpair-runs/s40
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s40lgbm2/src
for n in l31 l127 ff01; do
  molpair train --config lgbm40-$n.yaml --dataset chr_abs --model lightgbm --fold 0 --repeat 0 --threads 1 > lgbm40-$n/train.log 2>&1
  rc=$?; echo "$(date +%T) $n rc $rc"
done
