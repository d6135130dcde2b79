"""Test RMSE mean (std) per dataset × model, with the data behind each number and the published reference."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from molpair import io
from molpair.layout import Layout
from molpair.report.reference import REFERENCE_NOTE, reference_rmse

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
            ref_mean, ref_std = reference_rmse(dataset, model)
            rows.append(
                {
                    "dataset": dataset,
                    "model": model,
                    "unit": UNITS.get(dataset, ""),
                    "rmse_mean": float(rmse.mean()) if rmse.size else np.nan,
                    "rmse_std": float(rmse.std(ddof=1)) if rmse.size > 1 else np.nan,
                    "ref_rmse_mean": ref_mean,
                    "ref_rmse_std": ref_std,
                    "runs": len(found),
                    "folds": len({r["fold"] for r in found}),
                    "pairs": ingest.get("pairs"),
                    "samples_ok": by_status.get("ok", 0),
                    "samples_failed": sum(n for status, n in by_status.items() if status != "ok"),
                    "ensemble_pairs": ensemble.get("pairs"),
                }
            )
    return pd.DataFrame(rows)


ABLATIONS = ("prl_no_ensemble", "prl_no_attention", "prl_no_contrastive")
ABLATION_COLUMNS = [
    "dataset", "ablation", "runs", "prl_rmse", "ablation_rmse", "diff_mean", "diff_std", "spread", "exceeds_spread"
]


def ablation_table(config: dict[str, Any]) -> pd.DataFrame:
    """Does the ensemble help? Per dataset × ablation: RMSE(ablation) − RMSE(prl) on the same folds.

    `diff_mean` and `diff_std` are over matched (fold, repeat) runs (positive: PRL is better);
    `spread` is the larger of the two models' fold-to-fold RMSE std; `exceeds_spread` says whether
    the mean difference is larger than that spread.
    """
    layout = Layout(config["results_dir"])
    rows = []
    for dataset in config["datasets"]:
        for ablation in (name for name in ABLATIONS if name in config["models"] and "prl" in config["models"]):
            prl, other = [], []
            for fold in folds(config):
                for rep in range(config["train"]["repeats"]):
                    a = _read_json(layout.metrics(dataset, "prl", fold, rep))
                    b = _read_json(layout.metrics(dataset, ablation, fold, rep))
                    if a is not None and b is not None:
                        prl.append(a["test_rmse"])
                        other.append(b["test_rmse"])
            if not prl:
                continue
            prl_rmse, other_rmse = np.array(prl), np.array(other)
            diff = other_rmse - prl_rmse
            spread = max(prl_rmse.std(ddof=1), other_rmse.std(ddof=1)) if len(diff) > 1 else np.nan
            rows.append(
                {
                    "dataset": dataset,
                    "ablation": ablation,
                    "runs": len(diff),
                    "prl_rmse": float(prl_rmse.mean()),
                    "ablation_rmse": float(other_rmse.mean()),
                    "diff_mean": float(diff.mean()),
                    "diff_std": float(diff.std(ddof=1)) if len(diff) > 1 else np.nan,
                    "spread": float(spread),
                    "exceeds_spread": bool(abs(diff.mean()) > spread) if len(diff) > 1 else False,
                }
            )
    return pd.DataFrame(rows, columns=ABLATION_COLUMNS)


def ablation_markdown(ablations: pd.DataFrame) -> str:
    """The ablation section of rmse.md."""
    title = "## PRL against its ablations (same folds)\n\n"
    if ablations.empty:
        return title + "No matched runs of PRL and an ablation yet.\n"
    shown = pd.DataFrame(
        {
            "dataset": ablations.dataset,
            "ablation": ablations.ablation,
            "runs": ablations.runs,
            "PRL RMSE": ablations.prl_rmse.map("{:.3f}".format),
            "ablation RMSE": ablations.ablation_rmse.map("{:.3f}".format),
            "ablation − PRL, mean (std)": [_mean_std(m, s) for m, s in zip(ablations.diff_mean, ablations.diff_std)],
            "fold-to-fold spread": ablations.spread.map("{:.3f}".format),
            "difference exceeds spread": ablations.exceeds_spread.map({True: "yes", False: "no"}),
        }
    )
    note = (
        "\nPositive differences mean PRL (with its ensemble terms) is more accurate than the ablation. "
        "The spread is the larger fold-to-fold standard deviation of the two models' test RMSE.\n"
    )
    return title + markdown_table(shown) + note


def _mean_std(mean: float, std: float) -> str:
    """'mean (std)', 'mean' when std is unknown, 'n/a' when there is no mean."""
    if np.isnan(mean):
        return "n/a"
    return f"{mean:.3f}" if np.isnan(std) else f"{mean:.3f} ({std:.3f})"


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """The RMSE table as formatted text, ours beside the reference; shared by rmse.md and index.html."""
    return pd.DataFrame(
        {
            "dataset": table.dataset,
            "model": table.model,
            "RMSE": [_mean_std(m, s) for m, s in zip(table.rmse_mean, table.rmse_std)],
            "reference RMSE": [_mean_std(m, s) for m, s in zip(table.ref_rmse_mean, table.ref_rmse_std)],
            "unit": table.unit,
            "runs": table.runs,
            "folds": table.folds,
            "pairs": ["n/a" if pd.isna(pairs) else str(int(pairs)) for pairs in table.pairs],
            "ensemble samples ok / failed": [
                f"{ok} / {failed}" for ok, failed in zip(table.samples_ok, table.samples_failed)
            ],
            "pairs with an ensemble": ["n/a" if pd.isna(n) else str(int(n)) for n in table.ensemble_pairs],
        }
    )


def markdown_table(frame: pd.DataFrame) -> str:
    """A pipe table of every cell as text (no tabulate dependency)."""
    rows = [list(frame.columns), ["---"] * len(frame.columns), *frame.astype(str).values.tolist()]
    return "\n".join("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows) + "\n"


def to_markdown(table: pd.DataFrame, ablations: pd.DataFrame | None = None) -> str:
    """rmse.md: ours and the reference side by side, with the caveat on the reference; then the ablations."""
    title = "# Test RMSE, mean (std) over folds and repeats\n\n"
    text = title + markdown_table(display_table(table)) + "\n" + REFERENCE_NOTE + "\n"
    return text if ablations is None else text + "\n" + ablation_markdown(ablations)


def write_report(config: dict[str, Any], out_dir: str | Path) -> pd.DataFrame:
    """Write RMSE and calibration tables, per-dataset plots and, last, index.html under `out_dir`.

    Models or runs without outputs are left out with a warning, so a partly finished study still reports.
    """
    from molpair.report import calibration, index_page, plots
    from molpair.report.predictions import load_test_predictions

    out_dir = Path(out_dir)
    table = rmse_table(config)
    ablations = ablation_table(config)
    io.write_text(table.to_csv(index=False), out_dir / "rmse.csv")
    io.write_text(ablations.to_csv(index=False), out_dir / "ablations.csv")
    io.write_text(to_markdown(table, ablations), out_dir / "rmse.md")
    predictions = {dataset: load_test_predictions(config, dataset) for dataset in config["datasets"]}
    calibration_rows = calibration.calibration_table(predictions)
    io.write_text(calibration_rows.to_csv(index=False), out_dir / "calibration.csv")
    io.write_text(calibration.to_markdown(calibration_rows), out_dir / "calibration.md")
    images = [
        image
        for dataset, data in predictions.items()
        for image in plots.dataset_plots(dataset, data, list(config["models"]), out_dir)
    ]
    io.write_text(index_page.render(table, calibration_rows, images), out_dir / "index.html")
    log.info("report written to %s\n%s", out_dir, to_markdown(table, ablations))
    return table
