#!/bin/bash
# Session 56: a real check of 2c8f733's resume through the workflow on CIGIN-128 chr_emi fold 2 (stopped after 57
# epochs): resume it, let it run about two epochs, kill it, then show its curves' epochs and the RunClock seconds.
cd ~/molpair-runs/s52
export MOLPAIR_DATA_DIR=/work/shared/data PATH=/work/main/.venv/bin:$PATH OMP_NUM_THREADS=1 PYTHONPATH=/work/s56code/src
show() {
  python -c "
import pandas as pd, torch
c = pd.read_csv('results/chr_emi/runs/cigin/fold2-rep0/logs/metrics.csv').dropna(subset=['val_loss'])
s = torch.load('results/chr_emi/runs/cigin/fold2-rep0/last.ckpt', weights_only=False, map_location='cpu')
print('$1: validated epochs', len(c), 'from', int(c.epoch.min()), 'to', int(c.epoch.max()), '| last.ckpt epochs done', s['epoch'] + 1, '| RunClock seconds', round(s['callbacks']['RunClock']['seconds'], 1))"
}
show before
snakemake -s /work/s56code/Snakefile --configfile cig55b.yaml --cores 1 --nolock --rerun-incomplete results/chr_emi/runs/cigin/fold2-rep0/metrics.json > snakemake56-resume-fold2.log 2>&1 &
sleep 180
pkill -f "molpair train --config results/configs/e8e6fb1878b5.yaml --dataset chr_emi --model cigin --fold 2"; sleep 5; kill %1 2>/dev/null; wait
grep -h "resuming\|epoch" results/logs/train/chr_emi/cigin-fold2-rep0.log | cut -c1-120
show after
