#!/bin/bash
# after chain49b on this core: Huber objective, then neighbour dyes only
while pgrep -f "chain49b.sh $1" > /dev/null; do sleep 10; done
bash run49.sh fp49.py chr_emi "$1 0 huber20"
bash run49.sh neigh49.py chr_emi "$1 0 nn"
