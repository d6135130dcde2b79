#!/bin/bash
# Session 39 probes (seed 7): REINVENT + inception_epochs 20 vs the t38 defaults and Graph GA; current code in /work/main.
# Then this worker goes back to the table queue (worker39.sh, frozen code).
cd ~/molpair-runs/s38
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH
while kill -0 544 2>/dev/null; do sleep 15; done
run() { [ -f $2/design/$3/$4-seed7/summary.json ] && return; echo "$(date +%T) start $1 $3"; molpair design --config $1 --target $3 --seed 7 --threads 1 > $2/logs/$(basename $1 .yaml)-$3.log 2>&1; echo "$(date +%T) done $1 $3 rc $?"; }
run p39-inc.yaml design39p abs650-acetonitrile reinvent
run p39-base.yaml design39p-base abs650-acetonitrile reinvent
run p39-ga.yaml design39p-base abs650-acetonitrile graph_ga
run p39-inc.yaml design39p abs650-toluene reinvent
exec ./worker39.sh
