#!/bin/bash
# Session 46: after the chr_emi probe b001-norm ends, CGIB's default on chr_life fold 0.
cd ~/molpair-runs/s46
while pgrep -f "config cgib46-b001-norm.yaml" > /dev/null; do sleep 20; done
CODE=/work/s46b ./life46.sh life-default
