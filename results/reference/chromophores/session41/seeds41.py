"""Session 41: lightgbm's repeats (other seeds) averaged, per fold and over the folds, beside repeat 0 alone:
validation and test RMSE of the mean prediction of repeats 0..R-1 for each fold that has them all.
Usage, in ~/molpair-runs/s41: python seeds41.py RESULTS_DIR DATASET REPEATS"""
import sys
from pathlib import Path

import numpy as np
import pandas as pd

results, dataset, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
runs = Path(results) / dataset / "runs" / "lightgbm"
rows = []
for fold in range(5):
    paths = [runs / f"fold{fold}-rep{r}" / "predictions.parquet" for r in range(repeats)]
    if not all(path.exists() for path in paths):
        continue
    tables = [pd.read_parquet(path).set_index("pair_id") for path in paths]
    mean = tables[0].assign(y_pred=np.mean([t.y_pred.loc[tables[0].index] for t in tables], axis=0))
    row = {"fold": fold}
    for name, table in (("rep0", tables[0]), (f"mean of {repeats}", mean)):
        for role in ("val", "test"):
            part = table[table.role == role]
            row[f"{name} {role}"] = float(np.sqrt(np.mean((part.y_pred - part.y_true) ** 2)))
    rows.append(row)
frame = pd.DataFrame(rows).set_index("fold")
print(f"{dataset}, lightgbm repeats 0-{repeats - 1} ({results}):")
print(frame.round(3).to_string())
print(f"mean over {len(frame)} folds (std):", ", ".join(f"{c} {frame[c].mean():.3f} ({frame[c].std():.3f})" for c in frame.columns))
