"""Session 59: does 4663f61 (the screen reuses its Tanimoto matrix between steps) design what f0c4253 did?
Compares the first calls of s59.yaml's 550 nm toluene seed-0 run (f0c4253, d59s) with v59.yaml's 2,500-call run
of the same (4663f61, d59v). Usage (in ~/molpair-runs/s59): python same59.py"""
import pandas as pd

old = pd.read_csv("d59s/design/abs550-toluene/reinvent-seed0/designs.csv")
new = pd.read_csv("d59v/design/abs550-toluene/reinvent-seed0/designs.csv")
columns = ["call", "step", "smiles", "canonical", "valid", "predicted", "score", "in_domain", "hit"]
same = old[columns].iloc[:len(new)].reset_index(drop=True).equals(new[columns].reset_index(drop=True))
print(f"first {len(new)} calls of f0c4253's run (d59s) and 4663f61's (d59v), 550 nm in toluene, seed 0: identical = {same}")
