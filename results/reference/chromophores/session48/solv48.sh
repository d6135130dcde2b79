#!/bin/bash
# Session 48: after the chromophore runs, FreeSolv and MNSol: fingerprints computed anew by molpair (code a0fcbf4:
# every electronic block, the pair block at training), then lightgbm folds 0-4, repeat 0, worker $1 of 2.
cd ~/molpair-runs/s48
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s48train/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
while pgrep -f "train48.sh $1" > /dev/null; do sleep 20; done
i=0
for d in freesolv mnsol; do
  if [ $1 -eq 0 ]; then
    mkdir -p solv48/$d; cp ../s42/solvbase42/$d/{pairs.parquet,splits.parquet,ingest.json} solv48/$d/
    echo "$(date +%T) fingerprints $d"
    molpair fingerprints --config solv48.yaml --dataset $d --workers 1 > solv48/$d-fingerprints.log 2>&1
    rc=$?; echo "$(date +%T) rc $rc"
  fi
  while [ ! -f solv48/$d/fingerprints.npz ]; do sleep 10; done
  for f in 0 1 2 3 4; do
    i=$((i+1)); [ $((i % 2)) -eq $1 ] || continue
    echo "$(date +%T) $d fold $f"
    molpair train --config solv48.yaml --dataset $d --model lightgbm --fold $f --repeat 0 --threads 1 > solv48/$d-fold$f.log 2>&1
    rc=$?; echo "$(date +%T) rc $rc"
  done
done
