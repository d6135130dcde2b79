#!/bin/bash
cd ~/molpair-runs/s57
while pgrep -f "design57.sh ga57.yaml" > /dev/null; do sleep 10; done
./design57.sh e57b.yaml abs650-acetonitrile 7
