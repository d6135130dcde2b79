"""Session 36, issue 14: design runs side by side from their summary.json and designs.csv: the summary's
figures, the in-domain and hit shares of calls 100-300, the hit share of each thousand calls, and how many
first calls each run shares with the first run named (same SMILES in the same order).

Usage: python compare36.py NAME=RUN_DIR ...   (RUN_DIR = results_dir/design/{target}/{method}-seed{seed})
"""
import json
import sys

import pandas as pd

FIGURES = ("oracle_calls", "uniqueness", "hits", "success_rate", "top10_auc", "hit_scaffolds", "hit_internal_diversity",
           "seconds", "oracle_calls_per_second")
rows, first = {}, None
for arg in sys.argv[1:]:
    name, run = arg.split("=", 1)
    summary = json.load(open(f"{run}/summary.json"))
    calls = pd.read_csv(f"{run}/designs.csv", usecols=["smiles", "in_domain", "hit"])
    first = calls.smiles if first is None else first
    differs = (calls.smiles.values[:len(first)] != first.values[:len(calls)]).tolist()
    early = calls.iloc[100:300]
    rows[name] = {key: summary[key] for key in FIGURES}
    rows[name]["in domain 100-300"] = early["in_domain"].mean()
    rows[name]["hits 100-300"] = early["hit"].mean()
    rows[name]["same calls as the first run"] = differs.index(True) if True in differs else min(len(first), len(calls))
    rows[name]["hits per thousand"] = " ".join(f"{calls['hit'].iloc[s:s + 1000].mean():.2f}" for s in range(0, len(calls), 1000))
print(pd.DataFrame(rows).T.to_string(float_format=lambda v: f"{v:.4g}"))
