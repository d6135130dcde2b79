#!/bin/bash
# chr_life first (its fingerprints, then its five lightgbm runs), then chr_abs's and chr_emi's fingerprints
# (chr_abs resuming from its partial file), then the whole workflow (the other trainings, the report):
# snakemake -s /work/s52code/Snakefile --configfile lgbm52.yaml --cores 2 [TARGETS]
cd ~/molpair-runs/s52
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s52code/src
echo "$(date +%T) start $(git -C /work/s52code rev-parse HEAD)"
sm() { snakemake -s /work/s52code/Snakefile --configfile lgbm52.yaml --cores 2 --rerun-incomplete "$@"; }
sm results/chr_life/fingerprints.npz > snakemake52-fp-chr_life.log 2>&1; rc=$?; echo "$(date +%T) chr_life fingerprints rc $rc"
sm results/chr_life/runs/lightgbm/fold{0,1,2,3,4}-rep0/metrics.json > snakemake52-chr_life.log 2>&1; rc=$?; echo "$(date +%T) chr_life runs rc $rc"
for d in chr_abs chr_emi; do
  sm results/$d/fingerprints.npz > snakemake52-fp-$d.log 2>&1; rc=$?; echo "$(date +%T) $d fingerprints rc $rc"
done
sm > snakemake52.log 2>&1; rc=$?; echo "$(date +%T) workflow rc $rc"
