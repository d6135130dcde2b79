"""Session 41: where a lightgbm run's test error is: test pairs whose dye is among the fold's training dyes
(measured in another solvent) against those whose dye is not; RMSE of each and their share of the squared error.
Usage, in ~/molpair-runs/s41: python seen41.py DATASET_DIR FOLD RUN_DIR"""
import sys

import numpy as np
import pandas as pd

dataset_dir, fold, run_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
pairs = pd.read_parquet(f"{dataset_dir}/pairs.parquet")
splits = pd.read_parquet(f"{dataset_dir}/splits.parquet")
frame = splits[splits.fold == fold].merge(pairs, on="pair_id")
test = frame[frame.role == "test"].merge(pd.read_parquet(f"{run_dir}/predictions.parquet")[["pair_id", "y_pred"]], on="pair_id")
seen = test.solute_smiles.isin(set(frame.loc[frame.role == "train", "solute_smiles"]))
squared = (test.y_pred - test.target) ** 2
print(f"fold {fold}: {len(test)} test pairs, {test.solute_smiles.nunique()} distinct dyes, {seen.mean():.1%} with their dye in training")
for name, part in (("seen", seen), ("unseen", ~seen)):
    print(f"  {name}: RMSE {np.sqrt(squared[part].mean()):.2f}, share of the squared error {squared[part].sum() / squared.sum():.1%}")
