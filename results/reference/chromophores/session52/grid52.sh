#!/bin/bash
# python grid52.py results chr_life 0.2 0 1, code frozen at /work/s52code (d659d98: VOLUME_GRID 0.5)
cd ~/molpair-runs/s52
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s52code/src
echo "$(date +%T) start"
python grid52.py results chr_life 0.2 0 1 > grid52-chr_life.txt 2> grid52-chr_life.err
rc=$?; echo "$(date +%T) rc $rc"
