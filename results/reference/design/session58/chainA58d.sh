#!/bin/bash
# Graph GA at 650 nm in acetonitrile, seed 1 (the last run of the session-58 set).
cd ~/molpair-runs/s58
./design58.sh ga58.yaml abs650-acetonitrile 1
