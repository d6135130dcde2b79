"""Session 61: the design table of every finished run on session 58's oracle at seeds 0-2 in the project's format:
Graph GA (ga58.yaml / ga59.yaml, the same settings), REINVENT at its session-61 defaults (s59.yaml) and the
conditional VAE (cvae61.yaml). Each run's summary.json is copied to table61/design/{target}/{method}-seed{seed}/ and
to this folder as {target}/{method}-seed{seed}.json; then write_design_table writes design.md and design.csv here.
Usage (in ~/molpair-runs/s59, d58g linking ../s58's Graph GA runs): python collect61.py"""
import shutil
from pathlib import Path

from molpair.report.design import write_design_table

HERE = Path(__file__).resolve().parent
RUNS = ["d58g/design/abs550-toluene/graph_ga", "d58g/design/abs650-acetonitrile/graph_ga", "d59g/design/*/graph_ga",
        "d59s/design/*/reinvent", "d61c/design/*/cvae"]
shutil.rmtree("table61", ignore_errors=True)
for pattern in RUNS:
    for summary in sorted(Path().glob(f"{pattern}-seed[012]/summary.json")):
        target, run = summary.parent.parent.name, summary.parent.name
        (Path("table61/design") / target / run).mkdir(parents=True)
        shutil.copy(summary, Path("table61/design") / target / run / "summary.json")
        (HERE / target).mkdir(exist_ok=True)
        shutil.copy(summary, HERE / target / f"{run}.json")
table = write_design_table("table61", HERE)
print(len(table), "runs")
