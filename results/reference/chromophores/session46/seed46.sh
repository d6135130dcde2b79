#!/bin/bash
# Session 46: b001-norm's second seed (repeat 1) on chr_emi fold 0, code 526634a (frozen at /work/s46c).
cd ~/molpair-runs/s46
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s46c/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
echo "$(date +%T) cgib b001-norm-seed1 chr_emi fold 0 repeat 1 ($(git -C /work/s46c rev-parse --short HEAD))"
molpair train --config cgib46-b001-norm-seed1.yaml --dataset chr_emi --model cgib --fold 0 --repeat 1 --threads 1 > cgib46-b001-norm-seed1/chr_emi-fold0-rep1.log 2>&1
rc=$?; echo "$(date +%T) rc $rc"
