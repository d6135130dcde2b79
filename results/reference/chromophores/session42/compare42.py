"""Session 42: lightgbm with the electronic block (GFN2-xTB frontier orbitals) against lightgbm without it,
repeat 0, the same folds, features and splits (both run here): per fold test/validation RMSE of each and the
change; means over the folds both have. Session 41's figure of each fold (../session41/lgbm41-folds.txt, its
runs are gone with its machine) is shown beside the baseline: the same settings, a slightly different result.
Usage, in ~/molpair-runs/s42: python compare42.py NEW_RESULTS BASE_RESULTS SESSION41_FOLDS_TXT [DATASET ...]
(default: the three chromophore sets)"""
import json
import re
import sys
from pathlib import Path

import numpy as np

new, base, folds_txt = sys.argv[1], sys.argv[2], sys.argv[3]
datasets = sys.argv[4:] or ["chr_abs", "chr_emi", "chr_life"]
session41 = {}
for line in open(folds_txt):
    match = re.match(r"lgbm41 (\S+) fold (\d): test ([\d.]+)", line)
    if match:
        session41[match[1], int(match[2])] = float(match[3])


def metrics(results: str, dataset: str, fold: int) -> dict | None:
    path = Path(f"{results}/{dataset}/runs/lightgbm/fold{fold}-rep0/metrics.json")
    return json.loads(path.read_text()) if path.exists() else None


for dataset in datasets:
    rows = []
    for fold in range(5):
        with_block, without = metrics(new, dataset, fold), metrics(base, dataset, fold)
        if with_block and without:
            rows.append([with_block["test_rmse"], without["test_rmse"], with_block["val_rmse"], without["val_rmse"]])
            print(f"{dataset} fold {fold}: test {rows[-1][0]:.3f} against {rows[-1][1]:.3f} ({rows[-1][0] - rows[-1][1]:+.3f}; "
                  f"session 41 {session41.get((dataset, fold), float('nan')):.3f}), val {rows[-1][2]:.3f} against {rows[-1][3]:.3f} "
                  f"({rows[-1][2] - rows[-1][3]:+.3f}); {with_block['trees']} trees, {with_block['seconds']:.0f} s")
    if rows:
        table = np.array(rows)
        change = table[:, 0] - table[:, 1]
        print(f"{dataset}, {len(rows)} folds: test {table[:, 0].mean():.3f} against {table[:, 1].mean():.3f} "
              f"(change {change.mean():+.3f}, lower on {(change < 0).sum()} of {len(rows)}), "
              f"val {table[:, 2].mean():.3f} against {table[:, 3].mean():.3f}")
