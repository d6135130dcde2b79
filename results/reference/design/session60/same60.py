"""Session 60: did two runs design the same calls, as far as the shorter went? Used to check that c1f32bc (reinvent
scores through one helper; this session's runs) designs what f0c4253 did (session 59's seed-0 runs). The shorter
run's last step is cut by its budget, and the oracle charges a step's new designs in canonical-SMILES order, so
that step is compared as a set: its designs must be among the longer run's designs of the same step.
Usage (in ~/molpair-runs/s59): python same60.py LONGER_RUN SHORTER_RUN, e.g.
python same60.py d59s/design/abs550-toluene/reinvent-seed0 d60v/design/abs550-toluene/reinvent-seed0"""
import sys

import pandas as pd

columns = ["call", "step", "smiles", "canonical", "valid", "predicted", "score", "in_domain", "hit"]
longer, shorter = (pd.read_csv(f"{run}/designs.csv")[columns] for run in sys.argv[1:3])
last = shorter["step"].max()
before = int((shorter["step"] < last).sum())
same = longer.iloc[:before].reset_index(drop=True).equals(shorter.iloc[:before].reset_index(drop=True))
cut, full = (set(run.loc[run["step"] == last, "smiles"]) for run in (shorter, longer))
print(f"{sys.argv[2]} against {sys.argv[1]}: the first {before} calls (steps before {last}) identical = {same}; "
      f"the {len(shorter) - before} designs of step {last} among the other's {len(full)} = {cut <= full}")
