#!/bin/bash
# session 41 feature probes, one chain per core
export PATH=/work/main/.venv/bin:$PATH
cd ~/molpair-runs/s41
if [ "$1" = a ]; then
  python probe41.py ../s40/lgbm40 chr_abs 0 conj+r3 >> probe41-c.log 2>&1
  python probe41.py ../s40/lgbm40 chr_abs 1 base conj >> probe41-c.log 2>&1
else
  python probe41.py ../s40/lgbm40 chr_emi 0 base conj >> probe41-d.log 2>&1
  python probe41.py ../s40/lgbm40 chr_life 0 base conj >> probe41-d.log 2>&1
fi
rc=$?; echo "$(date +%T) rc $rc" >> probe41-$1.done
