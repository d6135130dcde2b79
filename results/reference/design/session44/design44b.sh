#!/bin/bash
# designE4 (--threads 1) then designE5 (--threads 2), code 54c641b at /work/s44fix, after chain44.sh (idle machine).
cd ~/molpair-runs/s44
while ! grep -q "chain done" chain44.out; do sleep 15; done
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 PYTHONPATH=/work/s44fix/src
for t in 1 2; do
  n=$((3 + t))
  echo "$(date +%T) designE$n --threads $t"
  python -m molpair design --config designE$n.yaml --target abs650-acetonitrile --seed 0 --threads $t > designE$n.log 2>&1
  rc=$?; echo "$(date +%T) rc $rc"
done
