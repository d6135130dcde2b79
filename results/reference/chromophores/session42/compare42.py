"""Session 42: lightgbm with the electronic block (GFN2-xTB frontier orbitals) against session 41's lightgbm
without it, repeat 0, same folds: per fold test/validation RMSE of each and the change; five-fold means.
Session 41's runs are gone with its machine, so its figures come from ../session41/lgbm41-folds.txt; this
session's rerun of its chr_abs fold 0 (BASE_RESULTS) shows the two agree.
Usage, in ~/molpair-runs/s42: python compare42.py NEW_RESULTS BASE_RESULTS SESSION41_FOLDS_TXT"""
import json
import re
import sys
from pathlib import Path

import numpy as np

new, base, folds_txt = sys.argv[1], sys.argv[2], sys.argv[3]
old = {}
for line in open(folds_txt):
    match = re.match(r"lgbm41 (\S+) fold (\d): test ([\d.]+) val ([\d.]+)", line)
    if match:
        old[match[1], int(match[2])] = float(match[3]), float(match[4])
rerun = Path(f"{base}/chr_abs/runs/lightgbm/fold0-rep0/metrics.json")
if rerun.exists():
    metrics = json.loads(rerun.read_text())
    print(f"session 41's chr_abs fold 0 rerun here: test {metrics['test_rmse']:.3f} val {metrics['val_rmse']:.3f} "
          f"(session 41: test {old['chr_abs', 0][0]:.3f} val {old['chr_abs', 0][1]:.3f})")
for dataset in ("chr_abs", "chr_emi", "chr_life"):
    rows = []
    for fold in range(5):
        path = Path(f"{new}/{dataset}/runs/lightgbm/fold{fold}-rep0/metrics.json")
        if path.exists():
            metrics = json.loads(path.read_text())
            rows.append((fold, metrics["test_rmse"], metrics["val_rmse"], metrics["trees"], metrics["seconds"], *old[dataset, fold]))
    for fold, test, val, trees, seconds, old_test, old_val in rows:
        print(f"{dataset} fold {fold}: test {test:.3f} (was {old_test:.3f}, {test - old_test:+.3f}) "
              f"val {val:.3f} (was {old_val:.3f}, {val - old_val:+.3f}) trees {trees} seconds {seconds:.0f}")
    if rows:
        table = np.array([row[1:] for row in rows])
        print(f"{dataset} {len(rows)} folds: test {table[:, 0].mean():.3f} against {table[:, 4].mean():.3f}, "
              f"val {table[:, 1].mean():.3f} against {table[:, 5].mean():.3f}")
