"""Session 58: Graph GA against REINVENT + 48 edits until 2,000 calls on the table's seeds, one target.
For each LABEL=RUN_PREFIX (a run directory less its "-seedN"), per seed: top-10 AUC (five decimals), success
rate, validity, top-10 mean after 300 / 1,000 / 2,000 calls, seconds and oracle calls/s; then each method's mean
(sample std) AUC and mean success rate over the seeds it has, and per seed the AUC difference of the last method
minus the first.
Usage (in ~/molpair-runs/s58): python compare58.py SEEDS LABEL=RUN_PREFIX ...   (SEEDS: e.g. 0,1,2)"""
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from molpair.design.metrics import top_k_auc

seeds = [int(seed) for seed in sys.argv[1].split(",")]
methods = [argument.split("=", 1) for argument in sys.argv[2:]]
aucs, successes = {}, {}
print("| run | seed | top-10 AUC | success | validity | top-10 at 300 / 1,000 / 2,000 | s | calls/s |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for label, prefix in methods:
    for seed in seeds:
        run = Path(f"{prefix}-seed{seed}")
        if not (run / "summary.json").exists():
            continue
        summary = json.loads((run / "summary.json").read_text())
        scores = pd.read_csv(run / "designs.csv")["score"].to_numpy()
        aucs[label, seed] = top_k_auc(scores, summary["budget"])
        successes[label, seed] = summary["success_rate"]
        top10 = " / ".join(f"{np.sort(scores[:n])[-10:].mean():.4f}" for n in (300, 1000, 2000))
        print(f"| {label} | {seed} | {aucs[label, seed]:.5f} | {summary['success_rate']:.3f} | {summary['validity']:.4f} | {top10} | "
              f"{summary['seconds']:.0f} | {summary['oracle_calls_per_second']:.2f} |")
print()
for label, _ in methods:
    values = [aucs[label, seed] for seed in seeds if (label, seed) in aucs]
    spread = f" ({np.std(values, ddof=1):.5f})" if len(values) > 1 else ""
    success = np.mean([successes[label, seed] for seed in seeds if (label, seed) in successes])
    print(f"{label}: top-10 AUC mean {np.mean(values):.5f}{spread}, success rate mean {success:.3f}, "
          f"over seeds {[s for s in seeds if (label, s) in aucs]}")
first, last = methods[0][0], methods[-1][0]
for seed in seeds:
    if (first, seed) in aucs and (last, seed) in aucs:
        print(f"seed {seed}: {last} minus {first}: {aucs[last, seed] - aucs[first, seed]:+.5f}")
