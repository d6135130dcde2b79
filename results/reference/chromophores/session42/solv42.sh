#!/bin/bash
# Session 42 (FreeSolv, MNSol): pairs, splits, fingerprints, then lightgbm folds 0-4 without (solv.yaml) and with
# (solv-elec.yaml, the same pairs, splits and fingerprint file linked) the electronic block.
cd ~/molpair-runs/s42
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s42code3/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
for d in freesolv mnsol; do
  echo "$(date +%T) data $d"
  molpair ingest --config solv.yaml --dataset $d > solvbase42-$d-ingest.log 2>&1 && molpair split --config solv.yaml --dataset $d > solvbase42-$d-split.log 2>&1 \
    && molpair fingerprints --config solv.yaml --dataset $d > solvbase42-$d-fingerprints.log 2>&1
  rc=$?; echo "$(date +%T) rc $rc"
  mkdir -p solvelec42/$d; for f in pairs.parquet splits.parquet fingerprints.npz ingest.json; do ln -sf ../../solvbase42/$d/$f solvelec42/$d/$f; done
  for config in solv.yaml solv-elec.yaml; do
    for f in 0 1 2 3 4; do
      echo "$(date +%T) $config $d fold $f"
      molpair train --config $config --dataset $d --model lightgbm --fold $f --repeat 0 --threads 1 > ${config%.yaml}-$d-fold$f.log 2>&1
      rc=$?; echo "$(date +%T) rc $rc"
    done
  done
done
