#!/bin/bash
# Graph GA, 300 oracle calls at 650 nm in acetonitrile, with a lightgbm oracle without (designB) and with
# (designE) the electronic block; one thread each, one after the other.
cd ~/molpair-runs/s43
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s43code2/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
for d in designB designE; do
  echo "$(date +%T) $d"
  molpair design --config $d.yaml --target abs650-acetonitrile --seed 0 --threads 1 > $d.log 2>&1
  rc=$?; echo "$(date +%T) rc $rc"
done
