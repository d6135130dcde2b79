#!/bin/bash
# After chainA58.sh (Graph GA at 550 nm in toluene, seeds 0-2): Graph GA at 650 nm in acetonitrile, seed 0.
cd ~/molpair-runs/s58
while kill -0 11374 2>/dev/null; do sleep 20; done
./design58.sh ga58.yaml abs650-acetonitrile 0
