"""Session 47: the largest test errors of chr_emi fold FOLD (three-seed lightgbm mean), each beside what the
fold's training half holds for the same dye (its emission in other solvents) and the same pair's absorption
in chr_abs (any role there; shown, not used by any model).

usage: python worst47.py EMI_DIR ABS_DIR FOLD N
"""
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from molpair.train.run import fold_frame


def main(emi_dir, abs_dir, fold, n):
    emi_dir, fold = Path(emi_dir), int(fold)
    frame = fold_frame(emi_dir / "pairs.parquet", emi_dir / "splits.parquet", fold)
    runs = [pd.read_parquet(emi_dir / f"runs/lightgbm/fold{fold}-rep{r}/predictions.parquet").set_index("pair_id") for r in range(3)]
    test = frame[frame["role"] == "test"].set_index("pair_id").copy()
    test["prediction"] = np.mean([run.loc[test.index, "y_pred"] for run in runs], axis=0)
    test["error"] = test["prediction"] - test["target"]
    train = frame[frame["role"] == "train"]
    absorption = pd.read_parquet(Path(abs_dir) / "pairs.parquet").set_index(["solute_smiles", "solvent_smiles"])["target"]
    absorption = absorption[~absorption.index.duplicated()]
    for pair_id, row in test.reindex(test["error"].abs().sort_values(ascending=False).index).head(int(n)).iterrows():
        same = train[train["solute_smiles"] == row["solute_smiles"]]
        others = ", ".join(f"{t:.0f}" for t in sorted(same["target"])) or "none"
        key = (row["solute_smiles"], row["solvent_smiles"])
        abs_value = f"{absorption[key]:.0f}" if key in absorption.index else "-"
        print(f"true {row['target']:5.0f} pred {row['prediction']:5.0f} abs {abs_value:>4s} | same dye in training: {others}"
              f" | {row['solvent_smiles']} | {row['solute_smiles']}")


if __name__ == "__main__":
    main(*sys.argv[1:])
