#!/bin/bash
# Session 55: the Tanimoto-kernel ridge probe on chr_abs fold 0, mix 0.8 only (chr_life's choice), beside lightgbm repeat 0
cd ~/molpair-runs/s52/krr55
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 PYTHONPATH=/work/s55code/src KRR_MIXES=0.8
echo "$(date +%T) start"
python /work/main/results/reference/chromophores/session55/krr55.py ../results chr_abs 0 krr55-chr_abs0.json ../results/chr_abs/runs/lightgbm/fold0-rep0 > krr55-chr_abs0.log 2>&1; rc=$?; echo "$(date +%T) rc $rc"
