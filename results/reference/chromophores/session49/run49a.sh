#!/bin/bash
# usage: bash run49a.sh DATASET "FOLD VARIANT ..." (one chain per core)
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s49code/src
D=$1; shift
for job in "$@"; do set -- $job
  echo "$(date +%T) start $D fold $1 rep $2 $3"
  python neigh49.py ../s48/ct48/$D $1 $2 $3 out/$D-f$1-r$2-$3.json; rc=$?; echo "$(date +%T) rc $rc"
done
