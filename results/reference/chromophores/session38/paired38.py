"""Per-fold test and validation RMSE of two runs' settings on one dataset and model, and their paired
difference (session 38: CGIB with and without solvent_sees_subgraph).

    python paired38.py DATASET MODEL NAME=RESULTS_DIR NAME=RESULTS_DIR

RESULTS_DIR is a config's results_dir (runs under DATASET/runs/MODEL/fold*-rep0/metrics.json); the
difference is the second minus the first, its SE the paired std / sqrt(folds).
"""

import json
import sys
from pathlib import Path

import numpy as np

dataset, model, *named = sys.argv[1:]
runs = {}
for item in named:
    name, results_dir = item.split("=", 1)
    runs[name] = {
        path.parent.name: json.loads(path.read_text())
        for path in sorted(Path(results_dir, dataset, "runs", model).glob("fold*-rep0/metrics.json"))
    }
(first, a), (second, b) = runs.items()
folds = sorted(set(a) & set(b))
print(f"{dataset}, {model}: test (validation) RMSE per fold; epochs run (best)")
print(f"| fold | {first} | {second} | {second} − {first}, test |")
print("| --- | --- | --- | --- |")
for fold in folds:
    cells = [f"{m[fold]['test_rmse']:.3f} ({m[fold]['val_rmse']:.3f}); {m[fold]['epochs_run']} ({m[fold]['best_epoch']})" for m in (a, b)]
    print(f"| {fold} | {cells[0]} | {cells[1]} | {b[fold]['test_rmse'] - a[fold]['test_rmse']:+.3f} |")
for key in ("test_rmse", "val_rmse"):
    x = np.array([a[fold][key] for fold in folds])
    y = np.array([b[fold][key] for fold in folds])
    diff = y - x
    se = diff.std(ddof=1) / np.sqrt(len(diff)) if len(diff) > 1 else float("nan")
    print(f"{key}: {first} {x.mean():.3f} ({x.std(ddof=1) if len(x) > 1 else float('nan'):.3f}), "
          f"{second} {y.mean():.3f} ({y.std(ddof=1) if len(y) > 1 else float('nan'):.3f}); "
          f"difference {diff.mean():+.3f} (SE {se:.3f}) over {len(folds)} folds")
