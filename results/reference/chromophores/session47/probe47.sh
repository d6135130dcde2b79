#!/bin/bash
# usage: probe47.sh DATASET BLOCKS NAME "FOLD:REPEAT ..."
cd ~/molpair-runs/s47
export PATH=/work/main/.venv/bin:$PATH PYTHONPATH=/work/s47code/src:. OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
for fr in $4; do
  f=${fr%:*}; r=${fr#*:}
  echo "$(date +%T) $1 $2 fold $f repeat $r"
  python probe47.py ../s42/elec42/$1 $f $r $2 probe47-$3-$1-f$f-r$r.json
  rc=$?; echo "$(date +%T) rc $rc"
done
