#!/bin/bash
# design59.sh CONFIG TARGET SEED: one design run, one thread, session 59's frozen code.
cd ~/molpair-runs/s59
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=${CODE:-/work/s59code}/src
echo "start $1 $2 $3 code ${CODE:-/work/s59code} $(date +%T)"
molpair design --config $1 --target $2 --seed $3 --threads 1 > logs59/${1%.yaml}-$2-seed$3.log 2>&1
echo "end $1 $2 $3 rc $? $(date +%T)"
