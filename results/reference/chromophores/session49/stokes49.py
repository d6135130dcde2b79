"""Session 49: chr_emi labels against chr_abs labels of the same pair (same dye, same solvent): how many have an
emission at or below the absorption (a Stokes shift ≤ 0, physically implausible for a one-band emitter), overall
and among the test pairs lightgbm misses by more than 100 nm (repeat 0, five folds).
usage: python stokes49.py EMI_DIR ABS_DIR EMI_RUNS_DIR"""
import sys
import numpy as np, pandas as pd
from molpair.train.run import fold_frame
emi_dir, abs_dir, runs = sys.argv[1:4]
emi = pd.read_parquet(f"{emi_dir}/pairs.parquet")
absorption = pd.read_parquet(f"{abs_dir}/pairs.parquet")[["solute_smiles", "solvent_smiles", "target"]].rename(columns={"target": "absorption"})
both = emi.merge(absorption, on=["solute_smiles", "solvent_smiles"])
shift = both.target - both.absorption
print(f"chr_emi pairs {len(emi)}, with an absorption of the same pair in chr_abs {len(both)}; Stokes shift ≤ 0: {(shift <= 0).sum()} ({(shift <= 0).mean():.1%}), ≤ -20 nm: {(shift <= -20).sum()}")
tests = []
for f in range(5):
    frame = fold_frame(f"{emi_dir}/pairs.parquet", f"{emi_dir}/splits.parquet", f)
    p = pd.read_parquet(f"{runs}/fold{f}-rep0/predictions.parquet").merge(frame[["pair_id", "solute_smiles", "solvent_smiles"]], on="pair_id")
    tests.append(p[p.role == "test"])
t = pd.concat(tests).merge(absorption, on=["solute_smiles", "solvent_smiles"], how="left")
t["err"] = t.y_pred - t.y_true
big = t[np.abs(t.err) > 100]
has = big.absorption.notna()
print(f"test pairs off by > 100 nm: {len(big)}; with the pair's absorption: {has.sum()}; of those, Stokes shift ≤ 0: {(big.y_true[has] <= big.absorption[has]).sum()}, "
      f"label within 10 nm of the absorption: {(np.abs(big.y_true[has] - big.absorption[has]) <= 10).sum()}; label below the prediction: {(big.err > 0).sum()}")
rest = t[np.abs(t.err) <= 100]
hr = rest.absorption.notna()
print(f"other test pairs: {len(rest)}; with absorption {hr.sum()}; Stokes shift ≤ 0: {(rest.y_true[hr] <= rest.absorption[hr]).sum()}")
