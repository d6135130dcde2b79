#!/bin/bash
# wait for run49a's chains, then the structure probes
while pgrep -f "run49a.sh" > /dev/null; do sleep 10; done
bash run49.sh fp49.py chr_emi "$1 0 conj" "$1 0 ap"
