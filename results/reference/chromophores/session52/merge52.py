"""The main chromophore table (`../rmse.csv`, `../rmse.md`) with the lightgbm rows of a workflow report (five
folds, session 52's run) in place of its lightgbm rows for the same sets; the graph models' rows are kept as they
were made (sessions 29-33; their run directories are gone, so they cannot be regenerated in one report).

    PYTHONPATH=<code>/src python results/reference/chromophores/session52/merge52.py REPORT_RMSE_CSV

Rendered by molpair's own report code (`molpair.report.rmse.to_markdown`), so the columns read as in any report.
"""

import sys
from pathlib import Path

import pandas as pd

from molpair.io import write_text
from molpair.report.rmse import to_markdown

HERE = Path(__file__).parent
MAIN = HERE.parent

main = pd.read_csv(MAIN / "rmse.csv")
lightgbm = pd.read_csv(sys.argv[1]).query("model == 'lightgbm'")
replaced = (main.model == "lightgbm") & main.dataset.isin(lightgbm.dataset)
table = pd.concat([main[~replaced], lightgbm], ignore_index=True)
table = table.sort_values("dataset", kind="stable").reset_index(drop=True)
for column in ("repeat_mean_rmse", "repeat_mean_rmse_std"):  # absent from the older rows' report
    if column not in table:
        table[column] = float("nan")
write_text(table.to_csv(index=False), MAIN / "rmse.csv")
write_text(to_markdown(table), MAIN / "rmse.md")
print(table[["dataset", "model", "rmse_mean", "rmse_std", "runs", "folds"]].to_string(index=False))
