#!/bin/bash
cd ~/molpair-runs/s57
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s57code/src
date
snakemake -s /work/s57code/Snakefile --configfile o57.yaml --cores 1 --nolock o57/chr_abs/runs/lightgbm/fold0-rep0/metrics.json > snakemake57-oracle.log 2>&1
echo "rc $?"; date
