#!/bin/bash
cd ~/molpair-runs/s42
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s42code3/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
echo "$(date +%T) fingerprints chr_abs"
molpair fingerprints --config base.yaml --dataset chr_abs --workers 2 > base42/chr_abs-fingerprints.log 2>&1
rc=$?; echo "$(date +%T) rc $rc"
