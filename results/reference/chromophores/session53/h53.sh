#!/bin/bash
# Session 53: the Huber-loss probe (huber53.py) on chr_emi's five folds, two runs at a time, after fp52b.sh ends.
cd ~/molpair-runs/s52
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s52code/src
while pgrep -f fp52b.sh > /dev/null; do sleep 30; done
echo "$(date +%T) start"
for variant in huber20; do for fold in 0 1 2 3 4; do echo "chr_emi $fold $variant"; done; done |
  xargs -P 2 -L 1 bash -c 'python /work/main/results/reference/chromophores/session53/huber53.py lgbm52.yaml $0 $1 0 $2 h53/$0-f$1-$2.json > h53/$0-f$1-$2.log 2>&1; echo "$(date +%T) $0 fold $1 $2 rc $?"'
echo "$(date +%T) done"
