"""Session 49: where chr_emi's squared test error sits (lightgbm runs of a results directory, repeat 0, five
folds): the share from the largest errors, and for test pairs off by more than 100 nm whose dye the training
half measured in other solvents, how far the label lies from that dye's own training measurements.
usage: python tails49.py DATASET_DIR RUNS_DIR"""
import sys
import numpy as np, pandas as pd
from molpair.train.run import fold_frame
d, runs = sys.argv[1], sys.argv[2]
rows = []
for f in range(5):
    frame = fold_frame(f"{d}/pairs.parquet", f"{d}/splits.parquet", f)
    p = pd.read_parquet(f"{runs}/fold{f}-rep0/predictions.parquet").merge(frame[["pair_id", "solute_smiles"]], on="pair_id")
    train = p[p.role == "train"].groupby("solute_smiles")["y_true"].agg(["min", "max", "mean", "count"])
    t = p[p.role == "test"].join(train, on="solute_smiles")
    rows.append(t)
t = pd.concat(rows)
t["err"] = t.y_pred - t.y_true
t["seen"] = t["count"].notna()
se = np.sort(t.err.to_numpy() ** 2)[::-1]
print(f"test pairs {len(t)}, RMSE {np.sqrt(se.mean()):.2f} nm")
for share in (0.01, 0.05):
    k = int(len(se) * share)
    print(f"largest {share:.0%} of errors ({k} pairs): {se[:k].sum() / se.sum():.0%} of the squared error; RMSE without them {np.sqrt(se[k:].sum() / len(se)):.2f}")
big = t[np.abs(t.err) > 100]
print(f"errors above 100 nm: {len(big)} pairs ({len(big) / len(t):.1%}), {(big.err ** 2).sum() / se.sum():.0%} of the squared error; dye seen {int(big.seen.sum())}, unseen {int((~big.seen).sum())}")
seen = big[big.seen]
outside = (seen.y_true < seen["min"] - 50) | (seen.y_true > seen["max"] + 50)
print(f"of the seen: label more than 50 nm outside the range of the dye's own training measurements for {int(outside.sum())} of {len(seen)};"
      f" prediction inside that range (±10 nm) for {int(((seen.y_pred >= seen['min'] - 10) & (seen.y_pred <= seen['max'] + 10)).sum())}")
print(f"median |label - dye's training mean| for them: {np.median(np.abs(seen.y_true - seen['mean'])):.0f} nm; for all seen test pairs: {np.median(np.abs(t[t.seen].y_true - t[t.seen]['mean'])):.0f} nm")
