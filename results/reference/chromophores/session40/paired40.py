"""Per-fold test and validation RMSE of two models' runs on the same folds, their paired difference, and the
RMSE of the two averaged (the mean of their predictions) per fold (session 40: lightgbm beside a graph model).

    python paired40.py NAME=RUNS NAME=RUNS

RUNS is a model's runs folder (DATASET/runs/MODEL, holding fold*-rep0/metrics.json and predictions.parquet);
the difference is the second minus the first, its SE the paired std / sqrt(folds).
"""

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

runs = {}
for item in sys.argv[1:3]:
    name, folder = item.split("=", 1)
    runs[name] = {path.parent.name: path.parent for path in sorted(Path(folder).glob("fold*-rep0/metrics.json"))}
(first, a), (second, b) = runs.items()
folds = sorted(set(a) & set(b))


def rmse(frame: pd.DataFrame, role: str, column: str = "y_pred") -> float:
    rows = frame[frame["role"] == role]
    return float(np.sqrt(((rows[column] - rows["y_true"]) ** 2).mean()))


rows = []
for fold in folds:
    x = pd.read_parquet(a[fold] / "predictions.parquet").set_index("pair_id").sort_index()
    y = pd.read_parquet(b[fold] / "predictions.parquet").set_index("pair_id").sort_index()
    assert x.index.equals(y.index) and x["role"].equals(y["role"]), f"{fold}: other pairs or halves"
    both = x.assign(y_pred=(x["y_pred"] + y["y_pred"]) / 2)
    rows.append({"fold": fold, **{f"{name} {role}": rmse(frame, role) for name, frame in ((first, x), (second, y), ("mean of the two", both)) for role in ("test", "val")}})
table = pd.DataFrame(rows).set_index("fold")
print(table.round(3).to_string())
for role in ("test", "val"):
    diff = table[f"{second} {role}"] - table[f"{first} {role}"]
    se = diff.std(ddof=1) / np.sqrt(len(diff)) if len(diff) > 1 else float("nan")
    print(f"{role}: {first} {table[f'{first} {role}'].mean():.3f}, {second} {table[f'{second} {role}'].mean():.3f}, "
          f"mean of the two {table[f'mean of the two {role}'].mean():.3f}; {second} − {first} {diff.mean():+.3f} "
          f"(SE {se:.3f}) over {len(diff)} folds")
