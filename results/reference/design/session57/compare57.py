"""Session 57: the probe runs side by side (650 nm in acetonitrile, seed 7, the lightgbm oracle o57).
For each LABEL=RUN_DIR: top-10 AUC (five decimals), success rate, top-10 mean after 200 / 300 / 500 / 1,000 / 2,000
calls, hits' internal diversity, hit cores, seconds; and the shares of hits among calls 100-2,000 and 2,000-10,000.
Usage (in ~/molpair-runs/s57): python compare57.py LABEL=RUN_DIR ..."""
import json
import sys

import numpy as np
import pandas as pd

from molpair.design.metrics import top_k_auc

print("| run | top-10 AUC | success | top-10 at 200 / 300 / 500 / 1,000 / 2,000 | hits in calls 100-2,000 / 2,000-10,000 "
      "| hits' diversity | hit cores | s |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for argument in sys.argv[1:]:
    label, run = argument.split("=", 1)
    calls = pd.read_csv(f"{run}/designs.csv")
    summary = json.load(open(f"{run}/summary.json"))
    scores = calls["score"].to_numpy()
    top10 = " / ".join(f"{np.sort(scores[:n])[-10:].mean():.4f}" for n in (200, 300, 500, 1000, 2000))
    print(f"| {label} | {top_k_auc(scores, 10000):.5f} | {summary['success_rate']:.3f} | {top10} | "
          f"{calls['hit'].iloc[100:2000].mean():.2f} / {calls['hit'].iloc[2000:].mean():.2f} | "
          f"{summary['hit_internal_diversity']:.2f} | {summary['hit_cores']} | {summary['seconds']:.0f} |")
