#!/bin/bash
# after chainA59.sh (pid 2519): s59.yaml's first 2,500 calls at 550 nm in toluene, seed 0, with 4663f61 (round 1 ran f0c4253)
cd ~/molpair-runs/s59
while kill -0 2519 2>/dev/null; do sleep 20; done
./design59.sh v59.yaml abs550-toluene 0
