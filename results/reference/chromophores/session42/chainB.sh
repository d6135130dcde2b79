#!/bin/bash
# Core B: wait for chr_abs fingerprints; the baseline's fold 0 (reproduces session 41's 17.236?), then the
# fingerprints of chr_life and chr_emi (molecules of chr_abs copied), then lightgbm with the electronic block.
cd ~/molpair-runs/s42
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s42code3/src OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
while ! grep -q "rc 0" fp-abs.out; do sleep 20; done
echo "$(date +%T) base chr_abs fold 0"
molpair train --config base.yaml --dataset chr_abs --model lightgbm --fold 0 --repeat 0 --threads 1 > base42/chr_abs-fold0.log 2>&1
rc=$?; echo "$(date +%T) rc $rc"
for d in chr_life chr_emi; do
  echo "$(date +%T) fingerprints $d"
  molpair fingerprints --config base.yaml --dataset $d --workers 1 > base42/$d-fingerprints.log 2>&1
  rc=$?; echo "$(date +%T) rc $rc"
  mkdir -p elec42/$d; for f in pairs.parquet splits.parquet fingerprints.npz ingest.json; do ln -sf ../../base42/$d/$f elec42/$d/$f; done
done
for d in chr_life chr_emi; do
  for f in 0 1 2 3 4; do
    echo "$(date +%T) elec $d fold $f"
    molpair train --config elec.yaml --dataset $d --model lightgbm --fold $f --repeat 0 --threads 1 > elec42/$d-fold$f.log 2>&1
    rc=$?; echo "$(date +%T) rc $rc"
  done
done
