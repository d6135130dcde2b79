#!/bin/bash
# Session 48: repeats 1-2 of lightgbm on FreeSolv and MNSol, with session 42's features (code f66feaa, frozen at
# /work/s48old, session 42's solvelec42 directory and fingerprint files) and with this session's (a0fcbf4, solv48).
cd ~/molpair-runs/s48
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
for d in freesolv mnsol; do for r in 1 2; do for f in 0 1 2 3 4; do
  echo "$(date +%T) $d fold $f rep $r"
  (cd ../s42 && PYTHONPATH=/work/s48old/src molpair train --config solv-elec.yaml --dataset $d --model lightgbm --fold $f --repeat $r --threads 1 > ../s48/solv48/old-$d-fold$f-rep$r.log 2>&1)
  rc=$?; echo "$(date +%T) old rc $rc"
  PYTHONPATH=/work/s48train/src molpair train --config solv48.yaml --dataset $d --model lightgbm --fold $f --repeat $r --threads 1 > solv48/$d-fold$f-rep$r.log 2>&1
  rc=$?; echo "$(date +%T) new rc $rc"
done; done; done
