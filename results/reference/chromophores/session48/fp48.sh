#!/bin/bash
# Session 48: the new fingerprint files (seeded by seed48.py), chr_emi first; molpair fingerprints resumes from the partial file.
cd ~/molpair-runs/s48
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s48code/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
for d in chr_emi chr_abs chr_life; do
  echo "$(date +%T) fingerprints $d"
  molpair fingerprints --config ct48.yaml --dataset $d --workers 2 > ct48/$d-fingerprints.log 2>&1
  rc=$?; echo "$(date +%T) rc $rc"
done
