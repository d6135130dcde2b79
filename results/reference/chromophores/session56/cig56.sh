#!/bin/bash
# Session 56: continue CIGIN-128 on chr_emi (cig55b.yaml) from last.ckpt, one chain of folds per core:
# cig56.sh "0 2 4" and cig56.sh "1 3" (chain A restarted at 10:05 as cig56.sh "2 4" with code 2c8f733), each fold by
# snakemake -s /work/s56code/Snakefile --configfile cig55b.yaml --cores 1 --nolock --rerun-incomplete results/chr_emi/runs/cigin/fold$f-rep0/metrics.json
cd ~/molpair-runs/s52
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s56code/src
echo "$(date +%T) start $(git -C /work/s56code rev-parse HEAD)"
for f in $1; do
  snakemake -s /work/s56code/Snakefile --configfile cig55b.yaml --cores 1 --nolock --rerun-incomplete results/chr_emi/runs/cigin/fold$f-rep0/metrics.json > snakemake56-cigin-fold$f.log 2>&1; rc=$?; echo "$(date +%T) chr_emi cigin-128 fold $f rc $rc"
done
