"""Best validation RMSE within N epochs, and training MSE (standardized) at epoch N, of session 35's chr_abs
fold-0 probes beside CIGIN (hidden 64) from session 29's map-scaling/curves.csv (40 epochs only).

Usage: python curves35.py REFERENCE_CURVES_CSV NAME=RUN_DIR ...
"""
import sys

import pandas as pd

reference = pd.read_csv(sys.argv[1])
reference = reference[reference.variant == "scaled"].assign(train_mse=reference.train_loss)
curves = {"cigin h64 (session 29)": reference.set_index("epoch")}
for arg in sys.argv[2:]:
    name, run = arg.split("=", 1)
    d = pd.read_csv(f"{run}/logs/metrics.csv")
    train = d.dropna(subset=["train_loss"]).assign(epoch=lambda t: t.epoch + 1).set_index("epoch")
    val = d.dropna(subset=["val_rmse"]).assign(epoch=lambda t: t.epoch + 1).set_index("epoch")
    curves[name] = train[[c for c in ("train_mse", "train_kl") if c in train]].join(val[["val_rmse"]])
checkpoints = (10, 20, 30, 40, 60, 80, 100, 120, 150)
rows = {}
for name, c in curves.items():
    rows[name] = {f"best val <= {n}": c[c.index <= n].val_rmse.min() for n in checkpoints if c.index.max() >= n}
    rows[name].update({f"train mse @ {n}": c.train_mse.get(n) for n in checkpoints if n in c.index})
print(pd.DataFrame(rows).T.round(4).to_string())
