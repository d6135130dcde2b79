#!/bin/bash
# Core A: wait for chr_abs fingerprints, then lightgbm with the electronic block, chr_abs folds 0-4.
cd ~/molpair-runs/s42
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s42code3/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
while ! grep -q "rc 0" fp-abs.out; do sleep 20; done
mkdir -p elec42/chr_abs; for f in pairs.parquet splits.parquet fingerprints.npz ingest.json; do ln -sf ../../base42/chr_abs/$f elec42/chr_abs/$f; done
for f in 0 1 2 3 4; do
  echo "$(date +%T) elec chr_abs fold $f"
  molpair train --config elec.yaml --dataset chr_abs --model lightgbm --fold $f --repeat 0 --threads 1 > elec42/chr_abs-fold$f.log 2>&1
  rc=$?; echo "$(date +%T) rc $rc"
done
