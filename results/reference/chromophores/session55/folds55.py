"""Session 55: where each fold's test error sits for a set's lightgbm (the mean of its three repeats): the share of
new dyes, RMSE on seen and new dyes, the share of squared error held by the largest 1 % of errors, the RMSE
without them, and the largest error.

    python folds55.py RESULTS_DIR DATASET > folds55-<set>.txt
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd

results, dataset = Path(sys.argv[1]), sys.argv[2]
print(f"# python folds55.py {' '.join(sys.argv[1:])}")
solutes = pd.read_parquet(results / dataset / "pairs.parquet").set_index("pair_id")["solute_smiles"]
for fold in range(5):
    runs = [pd.read_parquet(results / dataset / "runs" / "lightgbm" / f"fold{fold}-rep{r}" / "predictions.parquet").set_index("pair_id")
            for r in range(3)]
    first = runs[0]
    dyes = solutes.loc[first.index]
    seen = dyes.isin(set(dyes[first["role"] == "train"]))
    test = first["role"] == "test"
    squared = ((sum(run["y_pred"] for run in runs) / 3 - first["y_true"])[test]) ** 2
    ordered = squared.sort_values(ascending=False)
    top = int(len(ordered) * 0.01)
    print(f"fold {fold}: new dyes {(~seen[test]).mean():.3f}, RMSE {np.sqrt(squared.mean()):.2f} "
          f"(seen {np.sqrt(squared[seen[test]].mean()):.2f}, new {np.sqrt(squared[~seen[test]].mean()):.2f}); "
          f"largest 1 % hold {ordered.iloc[:top].sum() / ordered.sum():.2f} of the squared error, "
          f"RMSE without them {np.sqrt(ordered.iloc[top:].mean()):.2f}; largest error {np.sqrt(ordered.iloc[0]):.0f}")
