"""Session 49: how often chr_emi's worst-predicted test pairs (lightgbm, repeat 0, five folds, error > 100 nm)
have an ESIPT motif (a phenol OH or aniline NH ortho to an imine/azole nitrogen or a carbonyl, the intramolecular
proton transfer that gives 150+ nm Stokes shifts), against the other test pairs, and their measured Stokes shift.
usage: python esipt49.py EMI_DIR ABS_DIR EMI_RUNS_DIR"""
import sys
import numpy as np, pandas as pd
from rdkit import Chem
from molpair.train.run import fold_frame
ESIPT = Chem.MolFromSmarts("[OX2H1,NX3H1,NX3H2]-[c,C]~[c,C]-,=,:[$([#6]=[OX1]),$([#6]=[NX2]),$([#6]:[nX2])]")
emi_dir, abs_dir, runs = sys.argv[1:4]
absorption = pd.read_parquet(f"{abs_dir}/pairs.parquet")[["solute_smiles", "solvent_smiles", "target"]].rename(columns={"target": "absorption"})
tests = []
for f in range(5):
    frame = fold_frame(f"{emi_dir}/pairs.parquet", f"{emi_dir}/splits.parquet", f)
    p = pd.read_parquet(f"{runs}/fold{f}-rep0/predictions.parquet").merge(frame[["pair_id", "solute_smiles", "solvent_smiles"]], on="pair_id")
    tests.append(p[p.role == "test"])
t = pd.concat(tests).merge(absorption, on=["solute_smiles", "solvent_smiles"], how="left")
motif = {s: Chem.MolFromSmiles(s).HasSubstructMatch(ESIPT) for s in t.solute_smiles.unique()}
t["esipt"] = t.solute_smiles.map(motif)
t["big"] = np.abs(t.y_pred - t.y_true) > 100
t["stokes"] = t.y_true - t.absorption
for big, g in t.groupby("big"):
    print(f"{'error > 100 nm' if big else 'the others'}: {len(g)} pairs, ESIPT motif {g.esipt.mean():.0%}, median Stokes shift {g.stokes.median():.0f} nm, "
          f"label above the prediction {(g.y_true > g.y_pred).mean():.0%}")
e = t[t.esipt]
print(f"test pairs with the motif: {len(e)}, RMSE {np.sqrt(np.mean((e.y_pred - e.y_true) ** 2)):.1f} nm; without: {np.sqrt(np.mean((t[~t.esipt].y_pred - t[~t.esipt].y_true) ** 2)):.1f}")
