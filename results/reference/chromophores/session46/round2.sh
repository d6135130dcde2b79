#!/bin/bash
# Session 46: after the first chr_emi probe ($2) ends, probe $1 on chr_emi fold 0.
cd ~/molpair-runs/s46
while pgrep -f "config cgib46-$2.yaml" > /dev/null; do sleep 20; done
./cgib46.sh $1 chr_emi 0
