"""Session 34: the design table from the 10,000-call runs with the current defaults (oracle CIGIN chr_abs fold 0,
19.50 nm): Graph GA (nearest start) from t32-ga, REINVENT (batch 16, repeat_reward 0) from t32-reinvent, CVAE
from t34-cvae. Each run's summary.json is copied to design34-table/design/{target}/{method}-seed{seed}/; where a
run predates novel_success_rate (commit f6c0588), the copy gets it from molpair.design.metrics.novel_success_rate,
as design_metrics computes it. Then write_design_table writes design34-table/table/design.{md,csv}."""
import glob, json, os, shutil
import pandas as pd
from molpair.design.metrics import canonical_set, novel_success_rate
from molpair.report.design import write_design_table

out = os.path.expanduser("~/molpair-runs/design34-table")
shutil.rmtree(f"{out}/design", ignore_errors=True)
known = canonical_set(pd.read_parquet(os.path.expanduser("~/molpair-runs/design30/results/chr_abs/pairs.parquet"))["solute_smiles"])
runs = sorted(glob.glob(os.path.expanduser("~/molpair-runs/design30/t32-ga/design/*/graph_ga-seed*"))
              + glob.glob(os.path.expanduser("~/molpair-runs/design30/t32-reinvent/design/*/reinvent-seed*"))
              + glob.glob(os.path.expanduser("~/molpair-runs/design30/t34-cvae/design/*/cvae-seed*")))
for run in runs:
    if not os.path.exists(f"{run}/summary.json"):
        continue
    summary = json.load(open(f"{run}/summary.json"))
    if "novel_success_rate" not in summary:
        calls = pd.read_csv(f"{run}/designs.csv", usecols=["canonical", "hit"], keep_default_na=False)
        hits = calls.loc[calls["hit"].astype(str) == "True", "canonical"].tolist()
        summary["novel_success_rate"] = novel_success_rate(hits, summary["unique_valid"], known)
    target = os.path.basename(os.path.dirname(run))
    os.makedirs(f"{out}/design/{target}/{os.path.basename(run)}")
    json.dump(summary, open(f"{out}/design/{target}/{os.path.basename(run)}/summary.json", "w"), indent=2)
table = write_design_table(out, f"{out}/table")
print(len(table), "runs")
