#!/bin/bash
cd ~/molpair-runs/s57
while pgrep -f "design57.sh r57.yaml" > /dev/null; do sleep 10; done
CODE=/work/s57code2 ./design57.sh q57.yaml abs650-acetonitrile 7
