"""Seen/unseen test RMSE of a molpair lightgbm run (the comparison for neigh49.py's outputs).
usage: python base49.py DATASET_DIR RUN_DIR FOLD"""
import sys
import numpy as np, pandas as pd
from molpair.train.run import fold_frame
d, run, fold = sys.argv[1], sys.argv[2], int(sys.argv[3])
frame = fold_frame(f"{d}/pairs.parquet", f"{d}/splits.parquet", fold)
pred = pd.read_parquet(f"{run}/predictions.parquet").merge(frame[["pair_id", "solute_smiles"]], on="pair_id")
seen = pred["solute_smiles"].isin(set(pred.loc[pred.role == "train", "solute_smiles"]))
test = pred.role == "test"
r = lambda m: np.sqrt(np.mean((pred.y_pred[m] - pred.y_true[m]) ** 2))
print(f"{run}: val {r(pred.role == 'val'):.3f} test {r(test):.3f} seen {r(test & seen):.3f} unseen {r(test & ~seen):.3f} (n={int((test & ~seen).sum())})")
