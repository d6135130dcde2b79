#!/bin/bash
# Session 55: CIGIN-128 on chr_emi fold 1 through the workflow (cig55b.yaml: cig55.yaml with all five folds; `folds`
# is left out of a run's params and fingerprint, so fold 0's run continues under it), one core, beside fold 0:
# snakemake -s /work/s55code/Snakefile --configfile cig55b.yaml --cores 1 --nolock results/chr_emi/runs/cigin/fold1-rep0/metrics.json
# A killed run resumes from last.ckpt: a later session runs the same command with fold{0,1,2,3,4} and --cores 2.
cd ~/molpair-runs/s52
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s55code/src
echo "$(date +%T) start $(git -C /work/s55code rev-parse HEAD)"
snakemake -s /work/s55code/Snakefile --configfile cig55b.yaml --cores 1 --nolock --rerun-incomplete results/chr_emi/runs/cigin/fold1-rep0/metrics.json > snakemake55-cigin-fold1.log 2>&1; rc=$?; echo "$(date +%T) chr_emi cigin-128 fold 1 rc $rc"
