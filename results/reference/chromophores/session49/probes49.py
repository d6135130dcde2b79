"""Session 49: the probes' validation and test RMSE (neigh49.py, fp49.py outputs in out/) beside molpair's run
of the same fold and seed without them (session 48's ct48 runs), also for test dyes seen / unseen in training;
then each probe's mean over the folds it ran.
usage: python probes49.py DATASET_DIR"""
import glob, json, sys
import numpy as np, pandas as pd
from molpair.train.run import fold_frame

d = sys.argv[1]
def split_rmse(frame, pred):
    p = pred.merge(frame[["pair_id", "solute_smiles"]], on="pair_id")
    seen = p.solute_smiles.isin(set(p.loc[p.role == "train", "solute_smiles"]))
    r = lambda m: float(np.sqrt(np.mean((p.y_pred[m] - p.y_true[m]) ** 2)))
    test = p.role == "test"
    return r(p.role == "val"), r(test), r(test & seen), r(test & ~seen)
print(f"{'probe':<10} fold rep | {'val':>13} | {'test':>13} | {'test seen':>13} | {'test unseen':>13}   (before → with)")
rows = []
for path in sorted(glob.glob("out/*.json")):
    out = json.load(open(path))
    f, r = out["fold"], out["repeat"]
    frame = fold_frame(f"{d}/pairs.parquet", f"{d}/splits.parquet", f)
    base = split_rmse(frame, pd.read_parquet(f"{d}/runs/lightgbm/fold{f}-rep{r}/predictions.parquet"))
    probe = split_rmse(frame, pd.read_parquet(path.replace(".json", ".parquet")))
    cells = " | ".join(f"{b:5.2f} → {p:5.2f}" for b, p in zip(base, probe))
    print(f"{out['variant']:<10} {f:>4} {r:>3} | {cells}")
    rows.append((out["variant"], base, probe))
print("\nmean over the folds each probe ran (before → with):")
for variant in dict.fromkeys(row[0] for row in rows):
    base, probe = (np.mean([row[index] for row in rows if row[0] == variant], axis=0) for index in (1, 2))
    cells = " | ".join(f"{b:5.2f} → {p:5.2f}" for b, p in zip(base, probe))
    print(f"{variant:<10} {sum(row[0] == variant for row in rows):>4} folds | {cells}")
