#!/bin/bash
# After the energy probes: the design speed run alone (idle machine), then lightgbm seeds on both cores.
cd ~/molpair-runs/s44
while pgrep -f "python energy44.py" > /dev/null || pgrep -f "energy44.sh" > /dev/null; do sleep 10; done
./design44.sh
./seeds44.sh chr_emi "0 1 2 3 4" 1 > seeds44-emi1.out 2>&1 &
./seeds44.sh chr_emi "0 1 2 3 4" 2 > seeds44-emi2.out 2>&1
wait
./seeds44.sh chr_life "0 1 2 3 4" 1 > seeds44-life1.out 2>&1 &
./seeds44.sh chr_life "0 1 2 3 4" 2 > seeds44-life2.out 2>&1
wait
echo "$(date +%T) chain done"
