#!/bin/bash
# Session 51: PRL with ensembles on the chr_emi, then chr_life, subsets (ens51-*.yaml), the whole workflow, two cores.
cd ~/molpair-runs/s51
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s51code/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
for d in chr_emi chr_life; do
  echo "$(date +%T) start $d"
  snakemake -s /work/s51code/Snakefile --configfile ens51-$d.yaml --cores 2 --keep-going > ens51-$d.log 2>&1
  rc=$?; echo "$(date +%T) rc $rc $d"
done
