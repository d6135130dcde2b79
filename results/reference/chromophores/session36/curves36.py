"""Best validation RMSE within N epochs, and training MSE (standardized) and KL per latent dimension (PRL) at
epoch N, of training runs side by side
(session 36: PRL hidden 128, beta_follows_fit; session 35's runs beside them).

Usage: python curves36.py NAME=RUN_DIR ...   (RUN_DIR holds logs/metrics.csv of a Lightning run)
"""
import sys

import pandas as pd

checkpoints = (10, 20, 30, 40, 60, 80, 100, 120, 150)
rows = {}
for arg in sys.argv[1:]:
    name, run = arg.split("=", 1)
    d = pd.read_csv(f"{run}/logs/metrics.csv")
    train = d.dropna(subset=["train_loss"]).assign(epoch=lambda t: t.epoch + 1).set_index("epoch")
    val = d.dropna(subset=["val_rmse"]).assign(epoch=lambda t: t.epoch + 1).set_index("epoch")
    curve = train[[c for c in ("train_mse", "train_kl") if c in train]].join(val[["val_rmse"]])
    rows[name] = {f"best val <= {n}": curve[curve.index <= n].val_rmse.min() for n in checkpoints if curve.index.max() >= n}
    rows[name].update({f"train mse @ {n}": curve.train_mse.get(n) for n in checkpoints if n in curve.index})
    if "train_kl" in curve:
        rows[name].update({f"train kl @ {n}": curve.train_kl.get(n) for n in checkpoints if n in curve.index})
print(pd.DataFrame(rows).T.round(4).to_string())
