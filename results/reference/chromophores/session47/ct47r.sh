#!/bin/bash
# The second CT process: chr_emi's dyes from the last one, into ct47-reverse.parquet.
cd ~/molpair-runs/s47
export PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s47code/src:. OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
echo "$(date +%T) ct47 reverse"
python ct47.py --reverse ct47-reverse.parquet ../s42/elec42/chr_emi/pairs.parquet
rc=$?; echo "$(date +%T) rc $rc"
