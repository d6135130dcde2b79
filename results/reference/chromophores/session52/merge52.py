"""The main chromophore table (`../rmse.csv`, `../rmse.md`) with session 52's lightgbm rows (five folds, the
workflow's report in this folder) in place of any older lightgbm rows; the graph models' rows are kept as they
were made (sessions 29-33; their run directories are gone, so they cannot be regenerated in one report).

    PYTHONPATH=<code>/src python results/reference/chromophores/session52/merge52.py

Rendered by molpair's own report code (`molpair.report.rmse.to_markdown`), so the columns read as in any report.
"""

from pathlib import Path

import pandas as pd

from molpair.io import write_text
from molpair.report.rmse import to_markdown

HERE = Path(__file__).parent
MAIN = HERE.parent

main = pd.read_csv(MAIN / "rmse.csv")
lightgbm = pd.read_csv(HERE / "rmse.csv").query("model == 'lightgbm'")
table = pd.concat([main[main.model != "lightgbm"], lightgbm], ignore_index=True)
table = table.sort_values("dataset", kind="stable").reset_index(drop=True)
for column in ("repeat_mean_rmse", "repeat_mean_rmse_std"):  # absent from the older rows' report
    if column not in table:
        table[column] = float("nan")
write_text(table.to_csv(index=False), MAIN / "rmse.csv")
write_text(to_markdown(table), MAIN / "rmse.md")
print(table[["dataset", "model", "rmse_mean", "rmse_std", "runs", "folds"]].to_string(index=False))
