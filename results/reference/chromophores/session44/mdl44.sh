#!/bin/bash
# After design44b.sh: lightgbm min_data_in_leaf 2 on chr_emi fold $1 (code /work/s44code).
cd ~/molpair-runs/s44
while ! grep -q "designE5" design44b.out || pgrep -f "molpair design" > /dev/null; do sleep 15; done
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 PYTHONPATH=/work/s44code/src
echo "$(date +%T) fold $1"
python -m molpair train --config mdl44.yaml --dataset chr_emi --model lightgbm --fold $1 --repeat 0 --threads 1 > mdl44-emi$1.log 2>&1
rc=$?; echo "$(date +%T) rc $rc"
