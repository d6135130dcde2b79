#!/bin/bash
cd ~/molpair-runs/s58
for seed in 0 1 2; do ./design58.sh p58.yaml abs550-toluene $seed; done
