#!/bin/bash
# usage: bash run49.sh SCRIPT DATASET "FOLD REPEAT VARIANT" ... (one chain per core)
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s49code/src
S=$1; D=$2; shift 2
for job in "$@"; do set -- $job
  echo "$(date +%T) start $S $D fold $1 rep $2 $3"
  python $S ../s48/ct48/$D $1 $2 $3 out/$S-$D-f$1-r$2-$3.json; rc=$?; echo "$(date +%T) rc $rc"
done
