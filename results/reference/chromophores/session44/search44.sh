#!/bin/bash
cd ~/molpair-runs/s44
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s44code/src
echo "$(date +%T) start"
python -m molpair search --config search44.yaml --dataset chr_emi --model lightgbm --threads 1 > search44-emi.log 2>&1
rc=$?; echo "$(date +%T) rc $rc"
