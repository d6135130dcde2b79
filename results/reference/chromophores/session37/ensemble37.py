"""Validation and test RMSE of runs of one fold, alone and averaged (every combination: the mean of their
predictions), from each run's predictions.parquet (session 37: what averaging models would gain).

Usage: python ensemble37.py NAME=RUN_DIR ...   (RUN_DIR holds predictions.parquet; the runs share one fold's pairs)
"""
import itertools
import sys

import numpy as np
import pandas as pd

runs = {}
for arg in sys.argv[1:]:
    name, run = arg.split("=", 1)
    runs[name] = pd.read_parquet(f"{run}/predictions.parquet").set_index("pair_id").sort_index()
first = next(iter(runs.values()))
for name, frame in runs.items():  # same pairs in the same halves, or the comparison means nothing
    assert frame.index.equals(first.index) and frame.role.equals(first.role), f"{name}: other pairs or halves"

rows = []
for size in range(1, len(runs) + 1):
    for members in itertools.combinations(runs, size):
        mean = sum(runs[name].y_pred for name in members) / size
        row = {"runs averaged": " + ".join(members)}
        for role in ("val", "test"):
            half = first.role == role
            row[f"{role} rmse"] = float(np.sqrt(((mean[half] - first.y_true[half]) ** 2).mean()))
        rows.append(row)
print(pd.DataFrame(rows).round(3).to_string(index=False))
