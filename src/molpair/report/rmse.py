"""Test RMSE mean (std) per dataset × model, with the data behind each number."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from molpair import io
from molpair.layout import Layout

log = logging.getLogger("molpair")

UNITS = {"freesolv": "kcal/mol", "mnsol": "kcal/mol", "chr_abs": "nm", "chr_emi": "nm", "chr_life": "ln ns"}


def folds(config: dict[str, Any]) -> list[int]:
    chosen = config["train"]["folds"]
    return list(range(config["splits"]["n_folds"])) if chosen is None else sorted(chosen)


def _read_json(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text()) if path.exists() else None


def rmse_table(config: dict[str, Any]) -> pd.DataFrame:
    """One row per dataset × model: test RMSE over folds and repeats, pairs, and ensemble sample counts."""
    layout = Layout(config["results_dir"])
    rows = []
    for dataset in config["datasets"]:
        ingest = _read_json(layout.ingest_summary(dataset)) or {}
        ensemble = _read_json(layout.ensemble_summary(dataset)) or {}
        by_status = ensemble.get("by_status", {})
        for model in config["models"]:
            runs = [
                _read_json(layout.metrics(dataset, model, fold, rep))
                for fold in folds(config)
                for rep in range(config["train"]["repeats"])
            ]
            found = [r for r in runs if r is not None]
            if len(found) < len(runs):
                log.warning("%s/%s: %d of %d runs have no metrics yet", dataset, model, len(runs) - len(found), len(runs))
            rmse = np.array([r["test_rmse"] for r in found], dtype=float)
            rows.append(
                {
                    "dataset": dataset,
                    "model": model,
                    "unit": UNITS.get(dataset, ""),
                    "rmse_mean": float(rmse.mean()) if rmse.size else np.nan,
                    "rmse_std": float(rmse.std(ddof=1)) if rmse.size > 1 else np.nan,
                    "runs": len(found),
                    "folds": len({r["fold"] for r in found}),
                    "pairs": ingest.get("pairs"),
                    "samples_ok": by_status.get("ok", 0),
                    "samples_failed": sum(n for status, n in by_status.items() if status != "ok"),
                }
            )
    return pd.DataFrame(rows)


def to_markdown(table: pd.DataFrame) -> str:
    lines = [
        "# Test RMSE, mean (std) over folds and repeats",
        "",
        "| dataset | model | RMSE | unit | runs | folds | pairs | ensemble samples ok / failed |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in table.itertuples():
        rmse = "n/a" if np.isnan(row.rmse_mean) else f"{row.rmse_mean:.3f}"
        if not np.isnan(row.rmse_std):
            rmse += f" ({row.rmse_std:.3f})"
        lines.append(
            f"| {row.dataset} | {row.model} | {rmse} | {row.unit} | {row.runs} | {row.folds} | {row.pairs} "
            f"| {row.samples_ok} / {row.samples_failed} |"
        )
    return "\n".join(lines) + "\n"


def write_report(config: dict[str, Any], out_dir: str | Path) -> pd.DataFrame:
    """Write rmse.csv, rmse.md and a parity plot per dataset × model under `out_dir`."""
    from molpair.report.plots import parity_plot

    out_dir = Path(out_dir)
    table = rmse_table(config)
    io.write_text(table.to_csv(index=False), out_dir / "rmse.csv")
    io.write_text(to_markdown(table), out_dir / "rmse.md")
    for dataset in config["datasets"]:
        for model in config["models"]:
            parity_plot(config, dataset, model, out_dir / f"parity-{dataset}-{model}.png")
    log.info("report written to %s\n%s", out_dir, to_markdown(table))
    return table
