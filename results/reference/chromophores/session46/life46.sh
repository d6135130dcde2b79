#!/bin/bash
# Session 46: CGIB $1 on chr_life fold 0 (config cgib46-$1.yaml), featurizing first, with the code in $CODE.
cd ~/molpair-runs/s46
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
PYTHONPATH=$CODE/src molpair featurize --config cgib46-$1.yaml --dataset chr_life > cgib46-$1/featurize.log 2>&1
rc=$?; echo "$(date +%T) featurize rc $rc"
./cgib46.sh $1 chr_life 0
