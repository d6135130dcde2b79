#!/bin/bash
# After CIGIN folds 0 and 1: lightgbm with the electronic block, chr_abs, seed 2 (--repeat 2) on the folds given
# (session 42's elec.yaml and elec42 directory; repeats 0 and 1 are session 42's).
cd ~/molpair-runs/s42
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s43code/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
while pgrep -f "fold [01] --repeat 0 --threads 1" >/dev/null; do sleep 20; done
for f in "$@"; do
  echo "$(date +%T) elec chr_abs fold $f repeat 2"
  molpair train --config elec.yaml --dataset chr_abs --model lightgbm --fold $f --repeat 2 --threads 1 > elec42/chr_abs-fold$f-rep2.log 2>&1
  rc=$?; echo "$(date +%T) rc $rc"
done
