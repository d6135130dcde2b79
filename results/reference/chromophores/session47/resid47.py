"""Session 47: do the baseline lightgbm's validation residuals follow the Lippert-Mataga product?

Validation pairs of chr_emi folds 0 and 1 (session 42's repeat-0 runs), those whose dye has ct47 features
and whose solvent is in solvents47's table: Spearman rho between residual (measured − predicted, nm) and
lm_term × (Δf − the dye's mean Δf over its training pairs). Test halves not read.

usage: python resid47.py DATASET_DIR CT.parquet
"""
import sys
from pathlib import Path

import pandas as pd

from molpair.train.run import fold_frame
from solvents47 import COLUMNS, solvent_block


def main(dataset_dir, ct_path):
    dataset_dir = Path(dataset_dir)
    ct = pd.read_parquet(ct_path).set_index("smiles")
    for fold in (0, 1):
        frame = fold_frame(dataset_dir / "pairs.parquet", dataset_dir / "splits.parquet", fold)
        frame["delta_f"] = solvent_block(frame["solvent_smiles"].tolist())[:, COLUMNS.index("delta_f")]
        mean_f = frame[frame["role"] == "train"].groupby("solute_smiles")["delta_f"].mean()
        predictions = pd.read_parquet(dataset_dir / f"runs/lightgbm/fold{fold}-rep0/predictions.parquet").set_index("pair_id")
        val = frame[frame["role"] == "val"].set_index("pair_id").join(predictions["y_pred"])
        val = val.join(ct, on="solute_smiles").assign(mean_f=lambda t: t["solute_smiles"].map(mean_f))
        val["residual"] = val["target"] - val["y_pred"]
        for name, product in (("lm_term x (df - dye mean df)", val["lm_term"] * (val["delta_f"] - val["mean_f"])),
                              ("lm_term x df", val["lm_term"] * val["delta_f"]),
                              ("df - dye mean df", val["delta_f"] - val["mean_f"])):
            rows = product.notna() & val["residual"].notna()
            print(f"fold {fold}: {rows.sum()} validation pairs; rho(residual, {name}) = "
                  f"{product[rows].corr(val.loc[rows, 'residual'], method='spearman'):+.3f}")


if __name__ == "__main__":
    main(*sys.argv[1:])
