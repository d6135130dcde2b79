"""The design runs' table: one row per target × method × seed, from each run's summary.json."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from molpair import io
from molpair.report.rmse import markdown_table

COLUMNS = [
    "target", "value", "window", "solvent", "method", "seed", "oracle_calls", "validity", "uniqueness", "novelty",
    "hits", "success_rate", "novel_success_rate", "hits_per_1000_calls", "top10_auc", "hit_internal_diversity",
    "hit_scaffolds", "hit_cores", "hit_top_core_share", "hit_sa_mean", "fcd", "seconds", "oracle_calls_per_second", "oracle_test_rmse",
]


def design_table(results_dir: str | Path) -> pd.DataFrame:
    """Every finished design run under results_dir/design (whatever config made it), sorted."""
    rows = []
    for path in sorted(Path(results_dir).glob("design/*/*/summary.json")):
        summary = json.loads(path.read_text())
        target = summary["target"]
        rmse = [value for value in summary["oracle_test_rmse"] if value is not None]
        rows.append({
            **{key: summary.get(key) for key in COLUMNS},
            "target": target["name"], "value": target["value"], "window": target["window"], "solvent": target["solvent"],
            "oracle_test_rmse": sum(rmse) / len(rmse) if rmse else None,
        })
    return pd.DataFrame(rows, columns=COLUMNS).sort_values(["target", "method", "seed"], ignore_index=True)


#: What the summary over seeds shows, as mean (std) per target and method.
SUMMARY_METRICS = ["validity", "success_rate", "novel_success_rate", "hits_per_1000_calls", "top10_auc", "hit_scaffolds", "hit_cores", "hit_top_core_share", "seconds"]


def _shown(metric: str, value: float) -> str:
    """A float to 3 significant digits, or n/a; the top-10 AUC to 4 decimals, where methods differ."""
    return "n/a" if pd.isna(value) else f"{value:.4f}" if metric == "top10_auc" else f"{value:.3g}"


def method_summary(table: pd.DataFrame) -> pd.DataFrame:
    """One row per target × method: the seeds run, each SUMMARY_METRICS as mean (std) over them, and
    whether its mean top-10 AUC is above Graph GA's on that target (empty without a Graph GA run)."""
    rows = []
    for (target, method), runs in table.groupby(["target", "method"], sort=True):
        row = {"target": target, "method": method, "seeds": len(runs)}
        for metric in SUMMARY_METRICS:
            values = runs[metric].astype(float).dropna()
            row[metric] = _shown(metric, values.mean()) + (f" ({values.std():.2g})" if len(values) > 1 else "")
        graph_ga = table[(table["target"] == target) & (table["method"] == "graph_ga")]["top10_auc"]
        row["top10_auc_above_graph_ga"] = (
            "" if graph_ga.empty or method == "graph_ga" else "yes" if runs["top10_auc"].mean() > graph_ga.mean() else "no"
        )
        rows.append(row)
    return pd.DataFrame(rows)


def to_markdown(table: pd.DataFrame) -> str:
    """design.md: mean (std) over seeds per target and method, then every run (floats as `_shown`),
    after what a hit and the scores mean."""
    shown = table.copy()
    for column in shown.columns:
        if shown[column].dtype.kind == "f":
            shown[column] = shown[column].map(lambda value, column=column: _shown(column, value))
    return (
        "# Design runs\n\nA hit is a design predicted within the window and inside the oracle's applicability "
        "domain; success_rate = hits / unique valid designs, novel_success_rate the same for hits not in the "
        "oracle's dataset; top10_auc as in the PMO benchmark.\n\n"
        "## Mean (std) over seeds\n\n" + markdown_table(method_summary(table))
        + "\n\n## Every run\n\n" + markdown_table(shown)
    )


def write_design_table(results_dir: str | Path, out_dir: str | Path) -> pd.DataFrame | None:
    """design.csv and design.md under out_dir when any design run has finished; None otherwise."""
    table = design_table(results_dir)
    if table.empty:
        return None
    io.write_text(table.to_csv(index=False), Path(out_dir) / "design.csv")
    io.write_text(to_markdown(table), Path(out_dir) / "design.md")
    return table
