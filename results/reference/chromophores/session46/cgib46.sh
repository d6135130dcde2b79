#!/bin/bash
# Session 46 (issue 12): CGIB probe $1 (config cgib46-$1.yaml) on dataset $2, fold $3, repeat 0.
cd ~/molpair-runs/s46
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=${CODE:-/work/s46code}/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
echo "$(date +%T) cgib $1 $2 fold $3 ($(git -C ${CODE:-/work/s46code} rev-parse --short HEAD))"
molpair train --config cgib46-$1.yaml --dataset $2 --model cgib --fold $3 --repeat 0 --threads 1 > cgib46-$1/$2-fold$3.log 2>&1
rc=$?; echo "$(date +%T) rc $rc"
