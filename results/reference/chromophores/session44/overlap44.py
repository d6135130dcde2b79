"""Session 44: how much chr_abs could tell a chr_emi fold beyond chr_emi's own training half.

usage, in ~/molpair-runs/s44: python overlap44.py ../s42/elec42/chr_emi ../s42/elec42/chr_abs FOLD > overlap44.txt"""

import sys
from pathlib import Path

import pandas as pd

from molpair.train.run import fold_frame

emi_dir, abs_dir, fold = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
emi = fold_frame(emi_dir / "pairs.parquet", emi_dir / "splits.parquet", fold)
absorption = pd.read_parquet(abs_dir / "pairs.parquet")
train_dyes = set(emi.loc[emi.role == "train", "solute_smiles"])
held_dyes = set(emi.loc[emi.role != "train", "solute_smiles"])
test = emi[emi.role == "test"]
kept = absorption[~absorption.solute_smiles.isin(held_dyes)]
print(f"chr_emi fold {fold}: {len(emi)} pairs; test pairs whose dye is in the training half: "
      f"{test.solute_smiles.isin(train_dyes).mean():.1%}")
print(f"validation and test dyes {len(held_dyes)}, of them not in the training half {len(held_dyes - train_dyes)}")
print(f"chr_abs rows {len(absorption)}; kept after dropping the held-out dyes {len(kept)}; kept dyes "
      f"{kept.solute_smiles.nunique()}, of them not in chr_emi's training half {len(set(kept.solute_smiles) - train_dyes)}")
