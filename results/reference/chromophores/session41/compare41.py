"""Session 41: lightgbm repeat 0 in two results directories (e.g. with and without the system features) on
the same folds: five-fold mean test and validation RMSE of each, and the change per fold (validation/test).
Usage, in ~/molpair-runs/s41: python compare41.py NEW_RESULTS OLD_RESULTS"""
import json
import sys

import numpy as np

new, old = sys.argv[1], sys.argv[2]
for dataset in ("chr_abs", "chr_emi", "chr_life"):
    metrics = {
        results: [json.load(open(f"{results}/{dataset}/runs/lightgbm/fold{fold}-rep0/metrics.json")) for fold in range(5)]
        for results in (new, old)
    }
    for results, runs in metrics.items():
        test, val = [m["test_rmse"] for m in runs], [m["val_rmse"] for m in runs]
        print(f"{dataset} {results}: test {np.mean(test):.3f} ({np.std(test, ddof=1):.3f}), val {np.mean(val):.3f}")
    changes = [f"{a['val_rmse'] - b['val_rmse']:+.3f}/{a['test_rmse'] - b['test_rmse']:+.3f}" for a, b in zip(metrics[new], metrics[old])]
    print(f"{dataset} change per fold (val/test): {' '.join(changes)}")
