#!/bin/bash
# designE again with code bed1492+ (HEAD at /work/main): the oracle reads the dataset's dyes from its fingerprint
# file; on one process (designE1) and on two (designE2, --threads 2). Idle machine, one after the other.
cd ~/molpair-runs/s43
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
for t in 1 2; do
  echo "$(date +%T) designE$t"
  molpair design --config designE$t.yaml --target abs650-acetonitrile --seed 0 --threads $t > designE$t.log 2>&1
  rc=$?; echo "$(date +%T) rc $rc"
done
