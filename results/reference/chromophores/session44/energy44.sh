#!/bin/bash
# usage: energy44.sh DATASET FOLD...  (waits for aux44.sh to finish first when START_AFTER_AUX=1)
cd ~/molpair-runs/s44
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s44code/src
while [ -n "$START_AFTER_AUX" ] && pgrep -f aux44.sh > /dev/null; do sleep 20; done
d=$1; shift
for f in "$@"; do
echo "$(date +%T) start $d fold $f"
python energy44.py ../s42/elec42/$d $f energy44-$d$f.json > energy44-$d$f.log 2>&1
rc=$?; echo "$(date +%T) rc $rc"
done
