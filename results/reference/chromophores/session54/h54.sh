#!/bin/bash
# Session 54: the Huber probe (session53/huber53.py, code of the frozen /work/s54code) for the deltas not yet run,
# two runs at a time after run54.sh ends: chr_emi delta 5 nm, chr_abs delta 10 nm, chr_life delta 0.5 ln ns, five folds, repeat 0.
cd ~/molpair-runs/s52
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s54code/src
while pgrep -f run54.sh > /dev/null; do sleep 30; done
echo "$(date +%T) start"
for job in "chr_emi huber5" "chr_abs huber10" "chr_life huber0.5"; do for fold in 0 1 2 3 4; do echo "$job $fold"; done; done |
  xargs -P 2 -L 1 bash -c 'python /work/s54code/results/reference/chromophores/session53/huber53.py lgbm52.yaml $0 $2 0 $1 h53/$0-f$2-$1.json > h53/$0-f$2-$1.log 2>&1; echo "$(date +%T) $0 fold $2 $1 rc $?"'
echo "$(date +%T) done"
