#!/bin/bash
# Session 46: after CGIB's default on chr_life ends, CGIB with normalized states (beta 0.1) on chr_life fold 0.
cd ~/molpair-runs/s46
while pgrep -f "config cgib46-life-default.yaml" > /dev/null; do sleep 20; done
CODE=/work/s46b ./life46.sh life-norm-b01
