"""Session 39: the figures of the note and PROVENANCE read off the table's every-run rows (design.csv beside
this script): per method the ranges of success rate, validity, top-10 AUC, wall time, calls/s and hits' internal
diversity; per target REINVENT's mean top-10 AUC below Graph GA's; per target and seed both methods side by side.
Usage: python ranges39.py"""
import os

import pandas as pd

runs = pd.read_csv(os.path.join(os.path.dirname(os.path.abspath(__file__)), "design.csv"))
columns = ["success_rate", "validity", "top10_auc", "seconds", "oracle_calls_per_second", "hit_internal_diversity"]
print(runs.groupby("method")[columns].agg(["min", "max"]).round(4).T.to_string())
means = runs.pivot_table(index="target", columns="method", values=["top10_auc", "success_rate"])
means[("top10_auc", "graph_ga minus reinvent")] = means[("top10_auc", "graph_ga")] - means[("top10_auc", "reinvent")]
print(means.round(4).to_string())
print(runs.pivot_table(index=["target", "seed"], columns="method", values=["success_rate", "top10_auc"]).round(4).to_string())
