#!/bin/bash
# Session 39 probe 2 (seed 7): REINVENT filter_groups core at 650 nm toluene (baseline: session 38's reinvent-forget run); current code.
cd ~/molpair-runs/s38
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH
while kill -0 2167 2>/dev/null; do sleep 15; done
echo "$(date +%T) start p39-core abs650-toluene"
molpair design --config p39-core.yaml --target abs650-toluene --seed 7 --threads 1 > design39p-core/logs/p39-core-abs650-toluene.log 2>&1
echo "$(date +%T) done p39-core rc $?"
exec ./worker39.sh
