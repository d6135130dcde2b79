#!/bin/bash
# Session 45 (issue 14): the 10,000-call probes at one target and seed, one config per argument (p45-NAME.yaml).
cd ~/molpair-runs/s45
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s45d/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
target=${TARGET:-abs650-acetonitrile}; seed=${SEED:-7}
for name in "$@"; do
  echo "$(date +%T) design $name $target seed $seed"
  molpair design --config p45-$name.yaml --target $target --seed $seed --threads 1 > p45-$name-$target-$seed.log 2>&1
  rc=$?; echo "$(date +%T) rc $rc"
done
