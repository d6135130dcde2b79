#!/bin/bash
# Session 50: the chr_abs subset with ensembles (ens50c.yaml: ens50b.yaml with a third repeat, same results directory), the whole workflow, two cores.
cd ~/molpair-runs/s50
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s50code/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
echo "$(date +%T) start"
snakemake -s /work/s50code/Snakefile --configfile ens50c.yaml --cores 2 --keep-going > ens50c.log 2>&1
rc=$?; echo "$(date +%T) rc $rc"
