#!/bin/bash
# Session 55: lightgbm repeats 1-2 on chr_life and chr_abs (session 52's squared-error settings, lgbm54.yaml
# has train.repeats 3), for the table's "RMSE of the repeats' mean": snakemake -s /work/s55code/Snakefile
# --configfile lgbm54.yaml --cores 2 TARGETS (code frozen at /work/s55code)
cd ~/molpair-runs/s52
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s55code/src
echo "$(date +%T) start $(git -C /work/s55code rev-parse HEAD)"
sm() { snakemake -s /work/s55code/Snakefile --configfile lgbm54.yaml --cores 2 --rerun-incomplete "$@"; }
for d in chr_life chr_abs; do
  sm results/$d/runs/lightgbm/fold{0,1,2,3,4}-rep{1,2}/metrics.json > snakemake55-$d.log 2>&1; rc=$?; echo "$(date +%T) $d repeats 1-2 rc $rc"
done
