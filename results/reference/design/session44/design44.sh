#!/bin/bash
# designE3: session 43's designE1 with --threads 2 (code 1455672 at /work/s44design), on an idle machine.
cd ~/molpair-runs/s44
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 PYTHONPATH=/work/s44design/src
echo "$(date +%T) designE3"
python -m molpair design --config designE3.yaml --target abs650-acetonitrile --seed 0 --threads 2 > designE3.log 2>&1
rc=$?; echo "$(date +%T) rc $rc"
