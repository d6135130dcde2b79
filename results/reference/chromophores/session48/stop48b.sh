#!/bin/bash
# Session 48, for time: stop train48.sh worker $1 when it reaches chr_abs repeat 2 (its solv48.sh then starts); remove
# the interrupted run's directory (no metrics.json). (for time: MNSol and FreeSolv first).
cd ~/molpair-runs/s48
while ! tail -1 train48-$1.out | grep -q "rep 2"; do sleep 10; done
pkill -f "train48.sh $1"; sleep 1
run=$(tail -1 train48-$1.out | awk '{print "ct48/" $2 "/runs/lightgbm/fold" $4 "-rep" $6}')
pkill -f "molpair train --config ct48.yaml --dataset chr_abs --model lightgbm --fold $(echo $run | sed 's/.*fold\([0-9]\).*/\1/') --repeat $(echo $run | sed 's/.*rep//')"
sleep 2; [ -f $run/metrics.json ] || rm -rf $run
echo "$(date +%T) stopped worker $1 at $run"
