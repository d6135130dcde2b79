#!/bin/bash
# After chainA: the baseline (no electronic block) on the remaining folds of the three sets, this session's
# features and splits (session 41's figures differ slightly: its fold 0 gave 17.236, this machine 17.345).
cd ~/molpair-runs/s42
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s42code3/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
while ! grep -q "elec chr_abs fold 4" chainA.out || [ $(grep -c "rc " chainA.out) -lt 5 ]; do sleep 20; done
run() {
  echo "$(date +%T) base $1 fold $2"
  molpair train --config base.yaml --dataset $1 --model lightgbm --fold $2 --repeat 0 --threads 1 > base42/$1-fold$2.log 2>&1
  rc=$?; echo "$(date +%T) rc $rc"
}
for f in 1 2 3 4; do run chr_abs $f; done
while [ ! -f base42/chr_life/fingerprints.npz ]; do sleep 20; done
for f in 0 1 2 3 4; do run chr_life $f; done
while [ ! -f base42/chr_emi/fingerprints.npz ]; do sleep 20; done
for f in 0 1 2 3 4; do run chr_emi $f; done
