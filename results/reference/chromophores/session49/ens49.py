"""Session 49: five-fold validation and test RMSE of an average of runs, every run weighing the same (what
`molpair predict --model` with them predicts): each RUNS_DIR contributes its repeats 0-2 (those present on the
fold), per fold; folds where a RUNS_DIR has no run are left out.
usage: python ens49.py RUNS_DIR [RUNS_DIR ...]   (in ~/molpair-runs)"""
import sys
from pathlib import Path
import numpy as np, pandas as pd

def read(path):
    return pd.read_parquet(path / "predictions.parquet").set_index("pair_id").sort_index()
rows = []
for fold in range(5):
    runs = [p for d in sys.argv[1:] for r in range(3) if (p := Path(d) / f"fold{fold}-rep{r}").joinpath("predictions.parquet").exists()]
    if any(not any((Path(d) / f"fold{fold}-rep{r}" / "predictions.parquet").exists() for r in range(3)) for d in sys.argv[1:]):
        continue
    frames = [read(p) for p in runs]
    mean = sum(f.y_pred for f in frames) / len(frames)
    first = frames[0]
    rmse = lambda role: float(np.sqrt(((mean[first.role == role] - first.y_true[first.role == role]) ** 2).mean()))
    rows.append({"fold": fold, "runs": len(runs), "val": rmse("val"), "test": rmse("test")})
table = pd.DataFrame(rows)
print(table.to_string(index=False, float_format="%.3f"))
print(f"mean over folds {list(table.fold)}: val {table.val.mean():.3f}, test {table.test.mean():.3f}")
