"""Session 46: do a CGIB run's solute states share an offset from the noise mean within a molecule? For 1,024
training pairs, per pair and feature, r = (Σ_i (h_i − μ))² / Σ_i (h_i − μ)², with μ the run's running noise mean:
r ≈ 1 when the atoms' deviations are independent, r → N (the atom count) when they share one offset, r < 1 when
they cancel. The pooled compression term's mean part scales with r, the per-atom term's does not.

    python offsets46.py RUN_DIR DATASET_DIR
"""
import sys

import numpy as np
import pandas as pd
import torch
from torch_geometric.utils import scatter

from molpair.data.graphs import PairGraphDataset, pair_loader
from molpair.train.predict import load_run

torch.set_num_threads(1)
run, data = sys.argv[1], sys.argv[2]
net = load_run(run).model.eval()
pairs = pd.read_parquet(f"{data}/pairs.parquet")
roles = pd.read_parquet(f"{run}/predictions.parquet")
chosen = roles[roles.role == "train"].pair_id.sample(1024, random_state=0)
dataset = PairGraphDataset(pairs[pairs.pair_id.isin(chosen)].reset_index(drop=True))
ratios, atoms = [], []
for batch in pair_loader(dataset, 128):
    with torch.no_grad():
        deviation = net.encoder.conditioned(batch).solute - net.running_noise_mean
        index = batch.x_solute_batch
        summed = scatter(deviation, index, dim=0, dim_size=batch.num_graphs, reduce="sum") ** 2
        squares = scatter(deviation**2, index, dim=0, dim_size=batch.num_graphs, reduce="sum")
        ratios.append((summed / squares).mean(1))
        atoms.append(torch.bincount(index, minlength=batch.num_graphs))
r, n = torch.cat(ratios).numpy(), torch.cat(atoms).numpy()
print("r (mean over features) quantiles 5/25/50/75/95 %:", np.round(np.quantile(r, [0.05, 0.25, 0.5, 0.75, 0.95]), 2))
print("solute atoms quantiles 5/50/95 %:", np.quantile(n, [0.05, 0.5, 0.95]), "; corr(r, atoms):",
      round(float(np.corrcoef(r, n)[0, 1]), 2), "; median r / atoms:", round(float(np.median(r / n)), 3))
