#!/bin/bash
# After chainB58.sh (REINVENT + edits at 550 nm in toluene, seeds 0-2): 650 nm in acetonitrile.
# Its shell was stopped while Graph GA seed 2 ran, so the last line never ran here: chainA58c.sh ran it.
cd ~/molpair-runs/s58
while kill -0 11375 2>/dev/null; do sleep 20; done
./design58.sh p58.yaml abs650-acetonitrile 1
./design58.sh p58.yaml abs650-acetonitrile 2
./design58.sh ga58.yaml abs650-acetonitrile 2
./design58.sh p58.yaml abs650-acetonitrile 0
