#!/bin/bash
# worker61c.sh [PID]: after PID (the CVAE's training) ends, run queue61c.txt's lines ("CONFIG TARGET SEED") with design59.sh; two workers share it (flock).
cd ~/molpair-runs/s59
[ -n "$1" ] && while kill -0 "$1" 2>/dev/null; do sleep 10; done
[ -f d61c/design/cvae.pt ] || { echo "no d61c/design/cvae.pt: the training failed"; exit 1; }
while job=$(flock queue61c.lock sh -c 'head -n 1 queue61c.txt; sed -i 1d queue61c.txt') && [ -n "$job" ]; do
  ./design59.sh $job
done
