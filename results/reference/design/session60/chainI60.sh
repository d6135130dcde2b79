#!/bin/bash
# session 60: the Graph GA runs that finish the table
# Ran its first three runs (550 nm acetonitrile, seeds 0-2); then the rest went to worker60.sh and queue60.txt, so that both cores take whichever run is next.
cd ~/molpair-runs/s59
for ts in abs550-acetonitrile:0 abs550-acetonitrile:1 abs550-acetonitrile:2 abs450-acetonitrile:0 abs450-acetonitrile:1 abs450-acetonitrile:2 abs450-toluene:1 abs450-toluene:2 abs650-toluene:1 abs650-toluene:2; do
  ./design59.sh ga59.yaml ${ts%:*} ${ts#*:}
done
