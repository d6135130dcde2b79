#!/bin/bash
# The design oracle (o58.yaml): lightgbm without the electronic block, chr_abs fold 0, through the workflow.
cd ~/molpair-runs/s58
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s58code/src
date
snakemake -s /work/s58code/Snakefile --configfile o58.yaml --cores 1 --nolock o58/chr_abs/runs/lightgbm/fold0-rep0/metrics.json > snakemake58-oracle.log 2>&1
echo "rc $?"; date
