#!/bin/bash
# Session 55: after run55.sh (the lightgbm repeats), the Tanimoto-kernel ridge probe on chr_emi fold 0, mix 0.8,
# beside the table's three Huber-20 lightgbm repeats of fold 0
cd ~/molpair-runs/s52/krr55
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 PYTHONPATH=/work/s55code/src KRR_MIXES=0.8
while pgrep -f "bash ./run55.sh" > /dev/null; do sleep 20; done
echo "$(date +%T) start"
python /work/main/results/reference/chromophores/session55/krr55.py ../results chr_emi 0 krr55-chr_emi0.json ../results/chr_emi/runs/lightgbm/fold0-rep{0,1,2} > krr55-chr_emi0.log 2>&1; rc=$?; echo "$(date +%T) rc $rc"
