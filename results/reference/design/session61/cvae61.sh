#!/bin/bash
# cvae61.sh: train the conditional VAE of cvae61.yaml (12 epochs, one thread) into d61c/design/cvae.pt.
cd ~/molpair-runs/s59
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=${CODE:-/work/s59code}/src
echo "start design-cvae $(date +%T)"
molpair design-cvae --config cvae61.yaml --threads 1 > logs59/cvae61-train.log 2>&1
echo "end design-cvae rc $? $(date +%T)"
