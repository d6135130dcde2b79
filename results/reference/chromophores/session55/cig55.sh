#!/bin/bash
# Session 55: CIGIN-128 on chr_emi fold 0 through the workflow (cig55.yaml), one core, beside the lightgbm chains:
# snakemake -s /work/s55code/Snakefile --configfile cig55.yaml --cores 1 --nolock results/chr_emi/runs/cigin/fold0-rep0/metrics.json
# (--nolock: the lightgbm chains' snakemake runs in the same directory on other outputs). A killed run resumes from last.ckpt.
cd ~/molpair-runs/s52
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s55code/src
echo "$(date +%T) start $(git -C /work/s55code rev-parse HEAD)"
snakemake -s /work/s55code/Snakefile --configfile cig55.yaml --cores 1 --nolock --rerun-incomplete results/chr_emi/runs/cigin/fold0-rep0/metrics.json > snakemake55-cigin.log 2>&1; rc=$?; echo "$(date +%T) chr_emi cigin-128 fold 0 rc $rc"
