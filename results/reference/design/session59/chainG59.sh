#!/bin/bash
# after chainD59.sh (pid 9411) and chainE59.sh (pid 9721): REINVENT + edits + screen at a fourth target, seed 0
cd ~/molpair-runs/s59
while kill -0 9411 2>/dev/null || kill -0 9721 2>/dev/null; do sleep 20; done
./design59.sh s59.yaml abs650-toluene 0
