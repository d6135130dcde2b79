"""Session 54 (issue 12): how much of a lightgbm run's squared test error sits in dyes new to the training half
(no measurement of the dye in any solvent there), over the five folds of repeat 0.

    python unseen54.py PAIRS_PARQUET RUNS_DIR   (in ~/molpair-runs/s52: results/chr_emi/pairs.parquet l2-chr_emi-lightgbm-runs;
                                                 results/chr_abs/pairs.parquet results/chr_abs/runs/lightgbm)
"""
import sys
from pathlib import Path

import numpy as np
import pandas as pd

pairs_path, runs = sys.argv[1], Path(sys.argv[2])
print(f"# python unseen54.py {' '.join(sys.argv[1:])}")
solutes = pd.read_parquet(pairs_path, columns=["pair_id", "solute_smiles"])
tests = []
for fold in range(5):
    run = pd.read_parquet(runs / f"fold{fold}-rep0" / "predictions.parquet").merge(solutes, on="pair_id")
    trained = set(run.loc[run.role == "train", "solute_smiles"])
    test = run[run.role == "test"].copy()
    test["seen"] = test.solute_smiles.isin(trained)
    tests.append(test)
test = pd.concat(tests)
test["squared_error"] = (test.y_pred - test.y_true) ** 2
table = test.groupby("seen").squared_error.agg(pairs="count", mean="mean", total="sum")
table["rmse"] = np.sqrt(table["mean"])
table["share_of_squared_error"] = table["total"] / test.squared_error.sum()
print(table[["pairs", "rmse", "share_of_squared_error"]].round(3).to_string())
print(f"all: {len(test)} pairs, RMSE {np.sqrt(test.squared_error.mean()):.3f}")
