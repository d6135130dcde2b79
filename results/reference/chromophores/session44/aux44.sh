#!/bin/bash
cd ~/molpair-runs/s44
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s44code/src
for f in "$@"; do
echo "$(date +%T) start fold $f"
python aux44.py ../s42/elec42/chr_emi ../s42/elec42/chr_abs $f aux44-emi$f.json > aux44-emi$f.log 2>&1
rc=$?; echo "$(date +%T) rc $rc"
done
