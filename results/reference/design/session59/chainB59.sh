#!/bin/bash
cd ~/molpair-runs/s59
for seed in 0 1 2; do ./design59.sh s59.yaml abs650-acetonitrile $seed; done
