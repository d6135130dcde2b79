#!/bin/bash
# After chainA58b.sh: REINVENT + edits at 650 nm in acetonitrile, seed 0 (moved here from chainB58b.sh, whose shell was stopped before it).
cd ~/molpair-runs/s58
while kill -0 19309 2>/dev/null; do sleep 20; done
./design58.sh p58.yaml abs650-acetonitrile 0
