#!/bin/bash
cd ~/molpair-runs/s47
export PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s47code/src:. OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
echo "$(date +%T) ct47"
python ct47.py ct47.parquet ../s42/elec42/chr_emi/pairs.parquet ../s42/elec42/chr_abs/pairs.parquet ../s42/elec42/chr_life/pairs.parquet
rc=$?; echo "$(date +%T) rc $rc"
