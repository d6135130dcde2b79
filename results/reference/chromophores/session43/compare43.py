"""Session 43: chr_abs per fold, validation and test RMSE of the electronic lightgbm (repeat 0; the mean of
repeats 0-2), CIGIN-128 (repeat 0) and their averages, from each run's predictions.parquet; then the mean
over the folds given. "every run" is what `molpair predict --model` with all four runs predicts (each run
weighs 1/4); "half and half" weighs the lightgbm seeds' mean and CIGIN 1/2 each.
Usage: python compare43.py LGBM_DIR CIGIN_DIR FOLD ...   (in ~/molpair-runs, e.g. s42/elec42/chr_abs/runs/lightgbm
s43/cig43/chr_abs/runs/cigin 0 1 2)"""
import sys

import numpy as np
import pandas as pd

lgbm_dir, cigin_dir, folds = sys.argv[1], sys.argv[2], [int(fold) for fold in sys.argv[3:]]


def read(path: str) -> pd.DataFrame:
    return pd.read_parquet(f"{path}/predictions.parquet").set_index("pair_id").sort_index()


rows = []
for fold in folds:
    lgbm = [read(f"{lgbm_dir}/fold{fold}-rep{repeat}") for repeat in range(3)]
    cigin = read(f"{cigin_dir}/fold{fold}-rep0")
    for frame in (*lgbm, cigin):  # the same pairs in the same halves, or the comparison means nothing
        assert frame.index.equals(cigin.index) and frame.role.equals(cigin.role)
    seeds = sum(frame.y_pred for frame in lgbm) / 3
    candidates = {
        "lightgbm repeat 0": lgbm[0].y_pred,
        "lightgbm, 3 seeds' mean": seeds,
        "CIGIN-128": cigin.y_pred,
        "lightgbm repeat 0 + CIGIN (1/2 each)": (lgbm[0].y_pred + cigin.y_pred) / 2,
        "3 lightgbm + CIGIN, every run (1/4 each)": (3 * seeds + cigin.y_pred) / 4,
        "3 lightgbm + CIGIN, half and half": (seeds + cigin.y_pred) / 2,
    }
    for name, predicted in candidates.items():
        row = {"fold": fold, "model": name}
        for role in ("val", "test"):
            half = cigin.role == role
            row[role] = float(np.sqrt(((predicted[half] - cigin.y_true[half]) ** 2).mean()))
        rows.append(row)
table = pd.DataFrame(rows)
order = list(dict.fromkeys(table.model))
print("test RMSE per fold (nm):")
print(table.pivot(index="model", columns="fold", values="test").loc[order].round(2).to_string(), "\n")
summary = table.groupby("model", sort=False)[["val", "test"]].mean().round(3)
summary["test folds lower than lightgbm repeat 0"] = [
    int((table[table.model == name].test.to_numpy() < table[table.model == "lightgbm repeat 0"].test.to_numpy()).sum())
    for name in summary.index
]
print(f"mean over folds {folds} (validation, test):\n{summary.to_string()}")
