#!/bin/bash
# Session 41: lightgbm repeats 1-2 on chr_abs, for the folds given, once the process WAIT (a pid) has ended.
cd ~/molpair-runs/s41
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s41code/src
wait_pid=$1; shift
while kill -0 $wait_pid 2>/dev/null; do sleep 20; done
for f in "$@"; do
  for r in 1 2; do
    echo "$(date +%T) train chr_abs fold $f repeat $r"
    molpair train --config lgbm41.yaml --dataset chr_abs --model lightgbm --fold $f --repeat $r --threads 1 > lgbm41/chr_abs-fold$f-rep$r.log 2>&1
    rc=$?; echo "$(date +%T) rc $rc"
  done
done
