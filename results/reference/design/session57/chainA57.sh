#!/bin/bash
cd ~/molpair-runs/s57
./design57.sh e57.yaml abs650-acetonitrile 7
./design57.sh r57.yaml abs650-acetonitrile 7
