#!/bin/bash
# after chainC59.sh (pid 9410): Graph GA at a fourth target, seed 0
cd ~/molpair-runs/s59
while kill -0 9410 2>/dev/null; do sleep 20; done
./design59.sh ga59.yaml abs650-toluene 0
