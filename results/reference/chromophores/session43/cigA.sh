#!/bin/bash
# CIGIN-128 on chr_abs, fold given as $1 (repeat 0), after featurizing once (job A only).
cd ~/molpair-runs/s43
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s43code/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
f=$1
if [ "$2" = featurize ]; then
  echo "$(date +%T) featurize chr_abs"
  molpair featurize --config cig43.yaml --dataset chr_abs > cig43/featurize-chr_abs.log 2>&1
  rc=$?; echo "$(date +%T) rc $rc"
else
  while [ ! -f cig43/chr_abs/graphs.pt ] || pgrep -f "featurize --config cig43" >/dev/null; do sleep 10; done
fi
echo "$(date +%T) cigin chr_abs fold $f"
molpair train --config cig43.yaml --dataset chr_abs --model cigin --fold $f --repeat 0 --threads 1 > cig43/chr_abs-fold$f.log 2>&1
rc=$?; echo "$(date +%T) rc $rc"
