"""Latent statistics of a PRL checkpoint on 1,024 training pairs of chr_abs fold 0 (eval mode): mean mu^2,
mean log sigma^2, the KL per dimension, and the standardized MSE at z = mu against z drawn (the bottleneck's
noise).

Usage: python latent35.py DATASET_DIR CHECKPOINT
"""
import sys

import pandas as pd
import torch

from molpair.data.graphs import PairGraphDataset, pair_loader
from molpair.models.prl import standard_normal_kl
from molpair.train.module import PairRegressor

torch.set_num_threads(1)
torch.manual_seed(0)
data, ckpt = sys.argv[1], sys.argv[2]
pairs = pd.read_parquet(f"{data}/pairs.parquet")
splits = pd.read_parquet(f"{data}/splits.parquet")
train_ids = splits[(splits.fold == 0) & (splits.role == "train")].pair_id.head(1024)
subset = pairs[pairs.pair_id.isin(train_ids)].reset_index(drop=True)
dataset = PairGraphDataset(subset, f"{data}/graphs.pt")
module = PairRegressor.load_from_checkpoint(ckpt, map_location="cpu").eval()
model = module.model
with torch.no_grad():
    mu2, logvar, kl, se_mu, se_draw, n = 0.0, 0.0, 0.0, 0.0, 0.0, 0
    for batch in pair_loader(dataset, 128):
        target = (batch.y - module.y_mean) / module.y_std
        _, mu, log_var = model._latent(batch)
        z = mu + (0.5 * log_var).exp() * torch.randn_like(mu)
        mu2 += (mu**2).mean(1).sum().item()
        logvar += log_var.mean(1).sum().item()
        kl += standard_normal_kl(mu, log_var).sum().item()
        se_mu += ((model._head(mu)[0] - target) ** 2).sum().item()
        se_draw += ((model._head(z)[0] - target) ** 2).sum().item()
        n += batch.num_graphs
print(f"epoch {torch.load(ckpt, map_location='cpu', weights_only=False)['epoch']}, beta {model.beta}, pairs {n}")
print(f"mean mu^2 {mu2 / n:.3f}  mean log sigma^2 {logvar / n:.3f}  KL per dim {kl / n:.3f}")
print(f"standardized MSE at z = mu {se_mu / n:.5f}, at drawn z {se_draw / n:.5f}; beta x KL {model.beta * kl / n:.6f}")
