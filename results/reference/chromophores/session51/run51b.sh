#!/bin/bash
# Session 51: after the chr_emi run (run51.sh's Snakemake, pid given) ends, the chr_life subset (ens51-chr_life.yaml)
# with the code that has max_atoms and the factory's rule priorities (a293648, frozen at /work/s51code2).
cd ~/molpair-runs/s51
while kill -0 "$1" 2>/dev/null; do sleep 20; done
echo "$(date +%T) chr_emi's snakemake ($1) ended"
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s51code2/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
echo "$(date +%T) start chr_life"
snakemake -s /work/s51code2/Snakefile --configfile ens51-chr_life.yaml --cores 2 --keep-going > ens51-chr_life.log 2>&1
rc=$?; echo "$(date +%T) rc $rc chr_life"
