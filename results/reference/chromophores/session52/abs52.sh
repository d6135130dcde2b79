#!/bin/bash
# chr_abs's five lightgbm runs (its fingerprint file is complete), two at a time:
# snakemake -s /work/s52code/Snakefile --configfile lgbm52.yaml --cores 2 --rerun-incomplete results/chr_abs/runs/lightgbm/fold{0..4}-rep0/metrics.json
cd ~/molpair-runs/s52
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s52code/src
echo "$(date +%T) start $(git -C /work/s52code rev-parse HEAD)"
snakemake -s /work/s52code/Snakefile --configfile lgbm52.yaml --cores 2 --rerun-incomplete results/chr_abs/runs/lightgbm/fold{0,1,2,3,4}-rep0/metrics.json > snakemake52-chr_abs.log 2>&1
rc=$?; echo "$(date +%T) chr_abs runs rc $rc"
