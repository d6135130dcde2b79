"""CGIB's solute-atom importances p_i and training RMSE on 1,024 training pairs of one run (session 37: on
chr_emi the importances collapse to 0, so the solute reaches the prediction only through the solvent side).

Usage: python importance37.py RUN_DIR DATASET_DIR   (RUN_DIR holds best.ckpt and predictions.parquet; DATASET_DIR
pairs.parquet)
"""
import sys

import numpy as np
import pandas as pd
import torch

from molpair.data.graphs import PairGraphDataset, pair_loader
from molpair.train.predict import load_run

torch.set_num_threads(1)
run, data = sys.argv[1], sys.argv[2]
trained = load_run(run)
net = trained.model.eval()
pairs = pd.read_parquet(f"{data}/pairs.parquet")
roles = pd.read_parquet(f"{run}/predictions.parquet")
chosen = roles[roles.role == "train"].pair_id.sample(1024, random_state=0)
dataset = PairGraphDataset(pairs[pairs.pair_id.isin(chosen)].reset_index(drop=True))
importance, errors = [], []
for batch in pair_loader(dataset, 128):
    with torch.no_grad():
        importance.append(net.solute_importance(batch))
        errors.append(net(batch) - (batch.y - trained.y_mean) / trained.y_std)
p = torch.cat(importance).numpy()
print("importance p quantiles 5/25/50/75/95 %:", np.round(np.quantile(p, [0.05, 0.25, 0.5, 0.75, 0.95]), 3),
      "mean", round(float(p.mean()), 3))
error = torch.cat(errors).numpy()
print("training RMSE on these pairs:", round(float(np.sqrt((error**2).mean()) * float(trained.y_std)), 3))
