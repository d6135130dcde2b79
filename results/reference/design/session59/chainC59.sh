#!/bin/bash
# after chainA59.sh (pid 2519): Graph GA at a third target, seed 0
cd ~/molpair-runs/s59
while kill -0 2519 2>/dev/null; do sleep 20; done
./design59.sh ga59.yaml abs450-toluene 0
