#!/bin/bash
# worker60.sh [PID]: after PID (a run already going) ends, take the first line of queue60.txt ("CONFIG TARGET SEED")
# and run it with design59.sh, until the queue is empty; two workers share the queue (flock).
cd ~/molpair-runs/s59
[ -n "$1" ] && while kill -0 "$1" 2>/dev/null; do sleep 10; done
while job=$(flock queue60.lock sh -c 'head -n 1 queue60.txt; sed -i 1d queue60.txt') && [ -n "$job" ]; do
  ./design59.sh $job
done
