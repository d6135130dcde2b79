"""Session 45: the CIGIN share of an average with the three lightgbm seeds' mean, chosen by validation RMSE.
Per weight w (CIGIN's share; the seeds' mean weighs 1 − w), validation and test RMSE per fold from each run's
predictions.parquet, then their means over the folds given; the choice reads validation only.
Usage: python weights45.py LGBM_DIR CIGIN_DIR FOLD ...   (in ~/molpair-runs, e.g. s42/elec42/chr_emi/runs/lightgbm
s45/cig45/chr_emi/runs/cigin 0 1)"""
import sys

import numpy as np
import pandas as pd

lgbm_dir, cigin_dir, folds = sys.argv[1], sys.argv[2], [int(fold) for fold in sys.argv[3:]]


def read(path: str) -> pd.DataFrame:
    return pd.read_parquet(f"{path}/predictions.parquet").set_index("pair_id").sort_index()


rows = []
for fold in folds:
    seeds = [read(f"{lgbm_dir}/fold{fold}-rep{repeat}") for repeat in range(3)]
    cigin = read(f"{cigin_dir}/fold{fold}-rep0")
    for frame in seeds:  # the same pairs in the same halves, or the comparison means nothing
        assert frame.index.equals(cigin.index) and frame.role.equals(cigin.role)
    mean = sum(frame.y_pred for frame in seeds) / 3
    for weight in np.round(np.arange(0.0, 0.55, 0.05), 2):
        predicted = (1 - weight) * mean + weight * cigin.y_pred
        row = {"fold": fold, "cigin_weight": weight}
        for role in ("val", "test"):
            half = cigin.role == role
            row[role] = float(np.sqrt(((predicted[half] - cigin.y_true[half]) ** 2).mean()))
        rows.append(row)
table = pd.DataFrame(rows)
print("validation / test RMSE per fold:")
print(table.pivot(index="cigin_weight", columns="fold", values=["val", "test"]).round(2).to_string(), "\n")
means = table.groupby("cigin_weight")[["val", "test"]].mean().round(3)
print(f"mean over folds {folds}:\n{means.to_string()}\n")
best = means["val"].idxmin()
print(f"chosen by validation: CIGIN weight {best}: validation {means.loc[best, 'val']}, test {means.loc[best, 'test']} "
      f"(weight 0: {means.loc[0.0, 'val']} / {means.loc[0.0, 'test']})")
