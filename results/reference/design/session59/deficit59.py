"""Session 59: where a run's top-10 AUC is lost. Per run, the shortfall 1 − (mean of the ten best scores so far) at
every 100-call mark, summed over the marks 100-500, 600-2,000 and 2,100-10,000.
Usage (in ~/molpair-runs/s59): python deficit59.py RUN_DIR ..."""
import sys

import numpy as np
import pandas as pd

for run in sys.argv[1:]:
    scores = pd.read_csv(f"{run}/designs.csv")["score"].fillna(0).to_numpy()
    shortfall = np.array([1 - np.sort(scores[:mark])[-10:].mean() for mark in range(100, 10_001, 100)])
    print(f"{run}: calls 100-500 {shortfall[:5].sum():.4f}, 600-2,000 {shortfall[5:20].sum():.4f}, "
          f"2,100-10,000 {shortfall[20:].sum():.4f}")
