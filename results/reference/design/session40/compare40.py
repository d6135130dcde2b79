"""Session 40: REINVENT with the core diversity filter (filter_groups: core, ~/molpair-runs/s40/design40core)
beside session 39's table (REINVENT with the scaffold filter and Graph GA, same oracle, targets, seeds and
budget; session39/design.csv), on the seeds the core runs cover: per target the mean over those seeds, then
every run, then the paired summary. Usage: python compare40.py [RUNS], RUNS the core runs' design folder (default
~/molpair-runs/s40/design40core/design)."""
import glob
import json
import os
import sys

import pandas as pd

here = os.path.dirname(os.path.abspath(__file__))
folder = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/molpair-runs/s40/design40core/design")
core = pd.DataFrame([
    {**json.load(open(path)), "target": path.split(os.sep)[-3]}
    for path in sorted(glob.glob(f"{folder}/*/reinvent-seed*/summary.json"))
])
core["method"] = "reinvent core"
table = pd.read_csv(os.path.join(here, "..", "session39", "design.csv"))
table["method"] = table["method"].replace({"reinvent": "reinvent scaffold"})
runs = pd.concat([table, core[table.columns.intersection(core.columns)]], ignore_index=True)
runs = runs.merge(core[["target", "seed"]], on=["target", "seed"])
columns = ["success_rate", "top10_auc", "hit_cores", "hit_top_core_share", "hit_internal_diversity", "hit_scaffolds",
           "validity", "seconds"]
pd.set_option("display.width", 250)
print(f"{len(core)} core runs; seeds per target: {core.groupby('target')['seed'].apply(list).to_dict()}")
for column in columns:
    print(f"\n{column} (mean over the seeds above)")
    print(runs.pivot_table(index="target", columns="method", values=column).round(4).to_string())
print("\nevery run")
print(runs.sort_values(["target", "seed", "method"])[["target", "seed", "method"] + columns].round(4).to_string(index=False))

pairs = runs[runs["method"] != "graph_ga"].pivot_table(index=["target", "seed"], columns="method", values=columns)
core, scaffold = pairs.xs("reinvent core", axis=1, level=1), pairs.xs("reinvent scaffold", axis=1, level=1)
change = core["success_rate"] - scaffold["success_rate"]
print(f"\n{len(pairs)} pairs (core against scaffold, same target and seed), means: success {core['success_rate'].mean():.3f} "
      f"against {scaffold['success_rate'].mean():.3f} (per pair {change.min():+.3f} to {change.max():+.3f}, lower in "
      f"{(change < 0).sum()}; core's lowest {core['success_rate'].min():.3f}); hit cores {core['hit_cores'].mean():.0f} "
      f"against {scaffold['hit_cores'].mean():.0f} (more in {(core['hit_cores'] > scaffold['hit_cores']).sum()}); "
      f"top core share {core['hit_top_core_share'].mean():.2f} against {scaffold['hit_top_core_share'].mean():.2f} "
      f"(lower in {(core['hit_top_core_share'] < scaffold['hit_top_core_share']).sum()}); hits' diversity "
      f"{core['hit_internal_diversity'].mean():.3f} against {scaffold['hit_internal_diversity'].mean():.3f} (higher in "
      f"{(core['hit_internal_diversity'] > scaffold['hit_internal_diversity']).sum()}); top-10 AUC equal to 4 decimals in "
      f"{(core['top10_auc'].round(4) == scaffold['top10_auc'].round(4)).sum()}; core's wall time {core['seconds'].min():.0f}-{core['seconds'].max():.0f} s")
