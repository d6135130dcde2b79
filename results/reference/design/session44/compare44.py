"""Session 44: two design runs' calls side by side: identical tables? molecules in common, largest prediction
difference on them, and each run's time and rate.

usage, in ~/molpair-runs: python compare44.py RUN_DIR_A RUN_DIR_B  (each results/design/{target}/{method}-seed{s})"""

import json
import sys
from pathlib import Path

import pandas as pd

runs = [Path(path) for path in sys.argv[1:3]]
calls = [pd.read_csv(run / "designs.csv") for run in runs]
shared = calls[0].merge(calls[1], on="canonical", suffixes=("_a", "_b"))
print(f"A {runs[0]}\nB {runs[1]}")
print(f"identical designs.csv: {calls[0].equals(calls[1])}; calls {len(calls[0])} / {len(calls[1])}; "
      f"molecules in common {len(shared)}; same order for the first {(calls[0].canonical == calls[1].canonical).cummin().sum()} calls; "
      f"largest prediction difference on common molecules {(shared.predicted_a - shared.predicted_b).abs().max():.4f}")
for name, run in zip("AB", runs):
    summary = json.loads((run / "summary.json").read_text())
    print(f"{name}: {summary['seconds']:.0f} s, {summary['oracle_calls_per_second']} calls/s, {summary['hits']} hits, "
          f"top-10 AUC {summary['top10_auc']:.4f}")
