#!/bin/bash
# CIGIN-128 on chr_emi, fold given as $1 (repeat 0), after featurizing once (job with $2 = featurize only).
cd ~/molpair-runs/s45
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s47code/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
f=$1
if [ "$2" = featurize ]; then
  echo "$(date +%T) featurize chr_emi"
  molpair featurize --config cig45.yaml --dataset chr_emi > cig45/featurize-chr_emi.log 2>&1
  rc=$?; echo "$(date +%T) rc $rc"
else
  sleep 5
  while [ ! -f cig45/chr_emi/graphs.pt ] || pgrep -f "featurize --config cig45" >/dev/null; do sleep 10; done
fi
echo "$(date +%T) cigin chr_emi fold $f"
molpair train --config cig45.yaml --dataset chr_emi --model cigin --fold $f --repeat 0 --threads 1 > cig45/chr_emi-fold$f.log 2>&1
rc=$?; echo "$(date +%T) rc $rc"
