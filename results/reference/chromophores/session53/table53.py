"""Session 53: the Huber-loss probe's runs (huber53.py, h53/{dataset}-f{fold}-{variant}.json) beside the workflow's
lightgbm runs of the same folds, seed and features (results/{dataset}/runs/lightgbm/fold{f}-rep0), per fold and
mean over the folds both have. Test RMSE also for dyes the training half measured in another solvent (seen) and
the others (unseen), the baseline's from its predictions. `--baseline RUNS` reads the squared-error runs from
RUNS/fold{f}-rep0 instead (session 54: chr_emi's workflow runs are Huber's since, the squared-error ones kept aside).
usage (in ~/molpair-runs/s52): python table53.py DATASET VARIANT [VARIANT ...] [--baseline RUNS]
"""
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

arguments = sys.argv[1:]
runs = Path(arguments.pop(arguments.index("--baseline") + 1)) if "--baseline" in arguments else None
arguments = [a for a in arguments if a != "--baseline"]
dataset, variants = arguments[0], arguments[1:]
runs = runs or Path(f"results/{dataset}/runs/lightgbm")
pairs = pd.read_parquet(f"results/{dataset}/pairs.parquet", columns=["pair_id", "solute_smiles"])
splits = pd.read_parquet(f"results/{dataset}/splits.parquet")


def baseline(fold):
    run = runs / f"fold{fold}-rep0"
    metrics = json.loads((run / "metrics.json").read_text())
    table = pd.read_parquet(run / "predictions.parquet").merge(pairs, on="pair_id")
    trained = set(table.query("role == 'train'").solute_smiles)
    test = table.query("role == 'test'")
    seen = test.solute_smiles.isin(trained).to_numpy()
    error = (test.y_pred - test.y_true).to_numpy()
    rmse = lambda mask: float(np.sqrt(np.mean(error[mask] ** 2)))
    return {"val_rmse": metrics["val_rmse"], "test_rmse": metrics["test_rmse"], "test_seen_rmse": rmse(seen),
            "test_unseen_rmse": rmse(~seen), "trees": metrics["trees"], "seconds": metrics["seconds"]}


columns = ["val_rmse", "test_rmse", "test_seen_rmse", "test_unseen_rmse", "trees", "seconds"]
print(f"{dataset}: squared error (the workflow's run) -> Huber, per fold; then the mean over the folds both have")
for variant in variants:
    rows = []
    for fold in range(5):
        path = Path(f"h53/{dataset}-f{fold}-{variant}.json")
        if path.exists():
            probe = json.loads(path.read_text())
            rows.append({"fold": fold, **{f"{c} l2": v for c, v in baseline(fold).items()}, **{f"{c} {variant}": probe[c] for c in columns}})
    frame = pd.DataFrame(rows).set_index("fold")
    for fold, row in frame.iterrows():
        print(f"{variant:8} fold {fold}: " + "  ".join(f"{c.replace('_rmse', '')} {row[c + ' l2']:.3f} -> {row[c + ' ' + variant]:.3f}" for c in columns[:4])
              + f"  trees {row['trees l2']:.0f} -> {row['trees ' + variant]:.0f}  s {row['seconds l2']:.0f} -> {row['seconds ' + variant]:.0f}")
    mean = frame.mean()
    lower = {c: int((frame[f"{c} {variant}"] < frame[f"{c} l2"]).sum()) for c in ("val_rmse", "test_rmse")}
    print(f"{variant:8} mean of {len(frame)} folds: " + "  ".join(f"{c.replace('_rmse', '')} {mean[c + ' l2']:.3f} -> {mean[c + ' ' + variant]:.3f}" for c in columns[:4])
          + f"  trees {mean['trees l2']:.0f} -> {mean['trees ' + variant]:.0f}"
          + f"  (lower on {lower['val_rmse']} folds in validation, {lower['test_rmse']} in test)")
