#!/bin/bash
# Session 54: chr_emi's lightgbm with Huber's loss through the workflow, repeat 0 on the five folds first, then
# repeats 1-2: snakemake -s /work/s54code/Snakefile --configfile lgbm54.yaml --cores 2 TARGETS (code frozen at /work/s54code)
cd ~/molpair-runs/s52
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s54code/src
echo "$(date +%T) start $(git -C /work/s54code rev-parse HEAD)"
sm() { snakemake -s /work/s54code/Snakefile --configfile lgbm54.yaml --cores 2 --rerun-incomplete "$@"; }
for r in 0 1 2; do
  sm results/chr_emi/runs/lightgbm/fold{0,1,2,3,4}-rep$r/metrics.json > snakemake54-rep$r.log 2>&1; rc=$?; echo "$(date +%T) chr_emi repeat $r rc $rc"
done
