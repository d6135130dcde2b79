"""Session 48: where the charge-transfer and solvent-polarity features help: test RMSE of the seeds' mean (the
repeats NEW_RUNS has on every fold) without (OLD) and with them (NEW), for test pairs whose dye is in the fold's
training half in another solvent (seen) and those whose dye is not (unseen), per fold and pooled over the folds.

usage: python seen48.py DATASET_DIR OLD_RUNS NEW_RUNS   (in ~/molpair-runs, e.g. s48/ct48/chr_emi
s42/elec42/chr_emi/runs/lightgbm s48/ct48/chr_emi/runs/lightgbm)
"""
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from table48 import common_repeats


def seeds_mean(runs: Path, fold: int, repeats: int) -> pd.Series:
    frames = [pd.read_parquet(runs / f"fold{fold}-rep{repeat}" / "predictions.parquet").set_index("pair_id") for repeat in range(repeats)]
    return sum(frame.y_pred for frame in frames) / repeats


def main(dataset_dir, old_runs, new_runs):
    pairs = pd.read_parquet(Path(dataset_dir) / "pairs.parquet").set_index("pair_id")
    repeats = common_repeats(new_runs)
    rows = []
    for fold in range(5):
        frame = pd.read_parquet(Path(new_runs) / f"fold{fold}-rep0" / "predictions.parquet").set_index("pair_id")
        frame = frame.join(pairs[["solute_smiles"]])
        seen = frame.solute_smiles.isin(set(frame.solute_smiles[frame.role == "train"]))
        test = frame.role == "test"
        for name, runs in (("old", old_runs), ("new", new_runs)):
            error = (seeds_mean(Path(runs), fold, repeats) - frame.y_true) ** 2
            for group, rows_of in (("seen", test & seen), ("unseen", test & ~seen)):
                rows.append({"fold": fold, "features": name, "dyes": group, "pairs": int(rows_of.sum()),
                             "squared": float(error[rows_of].sum())})
    table = pd.DataFrame(rows)
    table["rmse"] = np.sqrt(table.squared / table.pairs)
    print(table.pivot(index=["dyes", "features"], columns="fold", values="rmse").round(2).to_string())
    pooled = table.groupby(["dyes", "features"])[["pairs", "squared"]].sum()
    pooled["rmse"] = np.sqrt(pooled.squared / pooled.pairs)
    print("\npooled over the five folds' test halves:")
    print(pooled[["pairs", "rmse"]].assign(pairs=lambda t: t.pairs // 1).round(2).to_string())


if __name__ == "__main__":
    main(*sys.argv[1:])
