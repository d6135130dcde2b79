#!/bin/bash
# Session 51: lightgbm on session 50's chr_abs subset (ens51-lightgbm.yaml), after the test run (pid given) ends,
# niced beside the chr_emi / chr_life runs; code 5d117e3 frozen at /work/s51code3.
cd ~/molpair-runs/s50
while kill -0 "$1" 2>/dev/null; do sleep 20; done
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s51code3/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
echo "$(date +%T) start"
nice -n 10 snakemake -s /work/s51code3/Snakefile --configfile ens51-lightgbm.yaml --cores 1 --keep-going > ens51-lightgbm.log 2>&1
rc=$?; echo "$(date +%T) rc $rc"
