"""Session 46: validation RMSE and training loss (standardized MSE) every 10 epochs of each run, from Lightning's
metrics.csv (a run directory's logs/metrics.csv, or a copy of it), so a collapse shows as a training loss back at ~1.

    python curves46.py NAME=METRICS_CSV ...
"""
import csv
import sys

for item in sys.argv[1:]:
    name, path = item.split("=", 1)
    rows = list(csv.DictReader(open(path)))
    val = {int(r["epoch"]) + 1: float(r["val_rmse"]) for r in rows if r.get("val_rmse")}
    mse = {int(r["epoch"]) + 1: float(r["train_mse"]) for r in rows if r.get("train_mse")}
    epochs = [e for e in sorted(val) if e % 10 == 0 or e == max(val)]
    print(f"{name}: epoch val RMSE (training MSE): " + ", ".join(f"{e} {val[e]:.2f} ({mse.get(e, float('nan')):.2f})" for e in epochs))
