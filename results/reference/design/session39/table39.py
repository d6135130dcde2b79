"""Session 39: the design table (seeds 0-2) of the runs with the CIGIN hidden-128 oracle (chr_abs fold 0,
18.30 nm) in ~/molpair-runs/s38/design38t: REINVENT (t38-reinvent.yaml: filter_bucket 100, forget_resampled) and Graph GA
from the 100 dyes measured nearest the target (t38-ga.yaml). Each run's summary.json is copied to
design39-table/design/{target}/{method}-seed{seed}/; where a run predates hit_cores (commit 66d8f99), the copy
gets hit_cores and hit_top_core_share from molpair.design.metrics.core_counts of its designs.csv hits, as
design_metrics computes them. Then write_design_table writes design39-table/table/design.{md,csv}."""
import glob
import json
import os
import shutil

import pandas as pd

from molpair.design.metrics import core_counts
from molpair.report.design import write_design_table

out = os.path.expanduser("~/molpair-runs/s38/design39-table")
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
