#!/bin/bash
# after chain49b on this core: the conjugation block on the other folds
while pgrep -f "chain49b.sh $1" > /dev/null; do sleep 10; done
shift
bash run49.sh fp49.py chr_emi "$@"
