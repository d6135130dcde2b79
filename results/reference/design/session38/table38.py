"""Session 38: the design table of the runs with the CIGIN hidden-128 oracle (chr_abs fold 0, 18.30 nm) in
~/molpair-runs/s38/design38t: REINVENT (t38-reinvent.yaml: filter_bucket 100, forget_resampled) and Graph GA
from the 100 dyes measured nearest the target (t38-ga.yaml). Each run's summary.json is copied to
design38-table/design/{target}/{method}-seed{seed}/; where a run predates hit_cores (commit 66d8f99), the copy
gets hit_cores and hit_top_core_share from molpair.design.metrics.core_counts of its designs.csv hits, as
design_metrics computes them. Then write_design_table writes design38-table/table/design.{md,csv}.
Usage: python table38.py [OUT], OUT a folder name under ~/molpair-runs/s38 (default design38-table; session 39
wrote design39-table after adding seeds 1-2 to design38t)."""
import glob
import json
import os
import shutil
import sys

import pandas as pd

from molpair.design.metrics import core_counts
from molpair.report.design import write_design_table

out = os.path.expanduser(f"~/molpair-runs/s38/{sys.argv[1] if len(sys.argv) > 1 else 'design38-table'}")
shutil.rmtree(f"{out}/design", ignore_errors=True)
for path in sorted(glob.glob(os.path.expanduser("~/molpair-runs/s38/design38t/design/*/*-seed*/summary.json"))):
    run = os.path.dirname(path)
    summary = json.load(open(path))
    if "hit_cores" not in summary:
        calls = pd.read_csv(f"{run}/designs.csv", usecols=["canonical", "hit"], keep_default_na=False)
        hits = calls.loc[calls["hit"].astype(str) == "True", "canonical"].tolist()
        cores = core_counts(hits)
        summary["hit_cores"] = len(cores)
        summary["hit_top_core_share"] = max(cores.values()) / len(hits) if hits else None
    target = os.path.basename(os.path.dirname(run))
    os.makedirs(f"{out}/design/{target}/{os.path.basename(run)}")
    json.dump(summary, open(f"{out}/design/{target}/{os.path.basename(run)}/summary.json", "w"), indent=2)
table = write_design_table(out, f"{out}/table")
print(len(table), "runs")
