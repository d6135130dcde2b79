"""Session 38, issue 14: how a REINVENT run spends its oracle budget over RL steps (designs.csv's `step`):
the last step that made a call, the calls made by steps 250 / 1,000 / 5,000, new molecules (calls) per
step and hit share in step ranges. A collapsed agent makes under one call per step (repeats are free).

Usage: python steps38.py NAME=RUN_DIR ...   (RUN_DIR = results_dir/design/{target}/reinvent-seed{seed})
"""
import sys

import pandas as pd

RANGES = ((2, 100), (100, 250), (250, 1000), (1000, 5001))
rows = {}
for arg in sys.argv[1:]:
    name, run = arg.split("=", 1)
    calls = pd.read_csv(f"{run}/designs.csv", usecols=["step", "hit"])
    row = {"calls": len(calls), "last step": int(calls.step.max())}
    for step in (250, 1000, 5000):
        row[f"calls by step {step}"] = int((calls.step <= step).sum())
    for low, high in RANGES:
        part = calls[(calls.step >= low) & (calls.step < high)]
        row[f"calls/step {low}-{high - 1}"] = len(part) / (high - low)
        row[f"hit share {low}-{high - 1}"] = part.hit.mean() if len(part) else float("nan")
    rows[name] = row
print(pd.DataFrame.from_dict(rows, orient="index").to_string(float_format=lambda v: f"{v:.3g}"))
