#!/bin/bash
# after chainB59.sh (pid 2520): REINVENT + edits + screen at a third target, seed 0
cd ~/molpair-runs/s59
while kill -0 2520 2>/dev/null; do sleep 20; done
./design59.sh s59.yaml abs450-toluene 0
