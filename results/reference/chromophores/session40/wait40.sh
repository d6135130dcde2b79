#!/bin/bash
# Session 40: the second core goes from worker B's last design run (pid 20736) to lightgbm on chr_emi and chr_life.
while kill -0 20736 2>/dev/null; do sleep 15; done
exec ~/molpair-runs/s40/lgbm40.sh chr_emi chr_life
