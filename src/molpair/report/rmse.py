"""Test RMSE mean (std) per dataset × model, with the data behind each number and the published reference."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from molpair import io
from molpair.config import PRETRAINED_MODELS
from molpair.data import sources
from molpair.layout import Layout
from molpair.report.reference import REFERENCE_NOTE, reference_rmse

log = logging.getLogger("molpair")



def units(config: dict[str, Any]) -> dict[str, str]:
    """Dataset -> the unit of its target, from its description (built in or the config's)."""
    return {name: sources.describe(name, entry).unit for name, entry in config["datasets"].items()}


def folds(config: dict[str, Any]) -> list[int]:
    chosen = config["train"]["folds"]
    return list(range(config["splits"]["n_folds"])) if chosen is None else sorted(chosen)


def _read_json(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text()) if path.exists() else None


def _mean_of(runs: list[dict], key: str) -> float:
    """Mean of one metrics.json entry over runs that have it; NaN when none does."""
    values = [run[key] for run in runs if run.get(key) is not None]
    return float(np.mean(values)) if values else np.nan


def rmse_table(config: dict[str, Any], predictions: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per dataset × model: test RMSE over folds and repeats (and of the repeats' mean prediction
    where a fold has several), pairs, and ensemble sample counts; then one per group of `report.averages`
    (model "a+b"): the RMSE of their runs' mean prediction over the folds where each has a run.
    `predictions`: each dataset's `load_test_predictions`, read here when not given."""
    from molpair.report.predictions import load_test_predictions, model_average_rmse, repeat_mean_rmse

    if predictions is None:
        predictions = {dataset: load_test_predictions(config, dataset) for dataset in config["datasets"]}
    layout = Layout(config["results_dir"])
    unit = units(config)
    rows = []
    for dataset in config["datasets"]:
        ingest = _read_json(layout.ingest_summary(dataset)) or {}
        ensemble = _read_json(layout.ensemble_summary(dataset)) or {}
        by_status = ensemble.get("by_status", {})
        # The published figures are for the whole set; a subset (max_pairs, max_atoms) is not compared with them.
        whole_set = not any(ingest.get(f"pairs_dropped_by_{key}") for key in ("max_pairs", "max_atoms"))
        shared = {  # the dataset's, the same in each of its rows
            "unit": unit[dataset],
            "pairs": ingest.get("pairs"),
            "samples_ok": by_status.get("ok", 0),
            "samples_failed": sum(n for status, n in by_status.items() if status != "ok"),
            "ensemble_pairs": ensemble.get("pairs"),
        }
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
            test_rows = predictions[dataset]
            averaged = np.array(repeat_mean_rmse(test_rows[test_rows.model == model]))
            ref_mean, ref_std = reference_rmse(dataset, model) if whole_set else (np.nan, np.nan)
            rows.append(
                {
                    "dataset": dataset,
                    "model": model,
                    **shared,
                    "rmse_mean": float(rmse.mean()) if rmse.size else np.nan,
                    "rmse_std": float(rmse.std(ddof=1)) if rmse.size > 1 else np.nan,
                    "repeat_mean_rmse": float(averaged.mean()) if averaged.size else np.nan,
                    "repeat_mean_rmse_std": float(averaged.std(ddof=1)) if averaged.size > 1 else np.nan,
                    "ref_rmse_mean": ref_mean,
                    "ref_rmse_std": ref_std,
                    "runs": len(found),
                    "folds": len({r["fold"] for r in found}),
                    # Labeled training pairs per run (fewer than the fold's with train.label_share).
                    "train_pairs": _mean_of(found, "n_train"),
                    # Training budget actually spent: epochs run (early stopping or the cap) and wall time.
                    "epochs_run": _mean_of(found, "epochs_run"),
                    "best_epoch": _mean_of(found, "best_epoch"),
                    "seconds_per_run": _mean_of(found, "seconds"),
                }
            )
        for group in config["report"]["averages"]:  # columns a group does not have stay NaN
            by_fold = model_average_rmse(predictions[dataset], group)
            rmse = np.array(list(by_fold.values()))
            members = predictions[dataset]
            members = members[members.model.isin(group) & members.fold.isin(list(by_fold))]
            rows.append(
                {
                    "dataset": dataset,
                    "model": "+".join(group),
                    **shared,
                    "rmse_mean": float(rmse.mean()) if rmse.size else np.nan,
                    "rmse_std": float(rmse.std(ddof=1)) if rmse.size > 1 else np.nan,
                    "runs": members.groupby(["model", "fold", "repeat"]).ngroups,
                    "folds": len(by_fold),
                }
            )
    return pd.DataFrame(rows)


ABLATIONS = ("prl_no_ensemble", "prl_no_distribution", "prl_no_distillation")
# The PRL models every other model is compared with: PRL, and PRL with pretraining (a "variant").
PRL_MODELS = ("prl", *PRETRAINED_MODELS)
COMPARISON_COLUMNS = [
    "dataset", "prl_model", "other", "kind", "runs", "prl_rmse", "other_rmse", "diff_mean", "diff_se", "relative",
    "beyond_2se",
]


def comparison_table(config: dict[str, Any]) -> pd.DataFrame:
    """PRL (and each pretrained PRL of the run, `prl_model`) against every other model, on matched
    (fold, repeat) runs.

    `diff_mean` is the mean of RMSE(other) − RMSE(prl_model) over matched runs (positive: the PRL model
    is better), `diff_se` its standard error (std of the paired differences / √runs), `relative` the
    mean difference as a share of the other model's RMSE, and `beyond_2se` whether |diff_mean| >
    2 × diff_se. `kind` is "ablation" for PRL's ablations, "variant" for PRL itself against a pretrained
    PRL, and "baseline" for the rest.
    """
    layout = Layout(config["results_dir"])
    rows = []
    references = [name for name in PRL_MODELS if name in config["models"]]
    for dataset in config["datasets"]:
        for reference in references:
            for other in config["models"]:
                if other == reference or (other in references and references.index(other) < references.index(reference)):
                    continue
                row = _paired(layout, config, dataset, reference, other)
                if row is not None:
                    rows.append(row)
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def paired_difference(ours: np.ndarray, theirs: np.ndarray) -> tuple[float, float]:
    """Mean of theirs − ours over matched runs and its standard error (std of the differences / √runs;
    NaN for one run)."""
    diff = np.asarray(theirs, dtype=float) - np.asarray(ours, dtype=float)
    se = float(diff.std(ddof=1) / np.sqrt(len(diff))) if len(diff) > 1 else np.nan
    return float(diff.mean()), se


def _paired(layout: Layout, config: dict[str, Any], dataset: str, reference: str, other: str) -> dict | None:
    """One comparison row of `reference` against `other`; None without matched runs."""
    ours, theirs = [], []
    for fold in folds(config):
        for rep in range(config["train"]["repeats"]):
            a = _read_json(layout.metrics(dataset, reference, fold, rep))
            b = _read_json(layout.metrics(dataset, other, fold, rep))
            if a is not None and b is not None:
                ours.append(a["test_rmse"])
                theirs.append(b["test_rmse"])
    if not ours:
        return None
    ours, theirs = np.array(ours), np.array(theirs)
    diff_mean, diff_se = paired_difference(ours, theirs)
    kind = "ablation" if other in ABLATIONS else "variant" if other in PRL_MODELS else "baseline"
    return {
        "dataset": dataset,
        "prl_model": reference,
        "other": other,
        "kind": kind,
        "runs": len(ours),
        "prl_rmse": float(ours.mean()),
        "other_rmse": float(theirs.mean()),
        "diff_mean": diff_mean,
        "diff_se": diff_se,
        "relative": diff_mean / float(theirs.mean()),
        "beyond_2se": bool(abs(diff_mean) > 2 * diff_se) if len(ours) > 1 else False,
    }


def comparison_markdown(comparisons: pd.DataFrame) -> str:
    """The "PRL against …" section of rmse.md."""
    title = "## PRL models against each other model (paired over the same folds and repeats)\n\n"
    if comparisons.empty:
        return title + "No matched runs of PRL and another model yet.\n"
    shown = pd.DataFrame(
        {
            "dataset": comparisons.dataset,
            "PRL model": comparisons.prl_model,
            "against": comparisons.other,
            "kind": comparisons.kind,
            "runs": comparisons.runs,
            "PRL RMSE": comparisons.prl_rmse.map("{:.3f}".format),
            "its RMSE": comparisons.other_rmse.map("{:.3f}".format),
            "its − PRL, mean (SE)": [_mean_std(m, s) for m, s in zip(comparisons.diff_mean, comparisons.diff_se)],
            "PRL lower by": comparisons.relative.map("{:.1%}".format),
            "beyond 2 SE": comparisons.beyond_2se.map({True: "yes", False: "no"}),
        }
    )
    note = (
        "\nPositive differences mean PRL is more accurate. SE is the standard error of the paired "
        "differences (their std / √runs); \"beyond 2 SE\" says whether the mean difference exceeds twice it.\n"
    )
    return title + markdown_table(shown) + note


def _mean_std(mean: float, std: float) -> str:
    """'mean (std)', 'mean' when std is unknown, 'n/a' when there is no mean."""
    if np.isnan(mean):
        return "n/a"
    return f"{mean:.3f}" if np.isnan(std) else f"{mean:.3f} ({std:.3f})"


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """The RMSE table as formatted text, ours beside the reference; shared by rmse.md and index.html. The
    column of the repeats' mean prediction shows only where some fold has several repeats."""
    averaged = {
        "RMSE of the repeats' mean": [
            _mean_std(m, s) for m, s in zip(table.repeat_mean_rmse, table.repeat_mean_rmse_std)
        ]
    } if table.repeat_mean_rmse.notna().any() else {}
    return pd.DataFrame(
        {
            "dataset": table.dataset,
            "model": table.model,
            "RMSE": [_mean_std(m, s) for m, s in zip(table.rmse_mean, table.rmse_std)],
            **averaged,
            "reference RMSE": [_mean_std(m, s) for m, s in zip(table.ref_rmse_mean, table.ref_rmse_std)],
            "unit": table.unit,
            "runs": table.runs,
            "folds": table.folds,
            "pairs": ["n/a" if pd.isna(pairs) else str(int(pairs)) for pairs in table.pairs],
            "labeled training pairs per run": ["n/a" if pd.isna(n) else f"{n:.0f}" for n in table.train_pairs],
            "ensemble samples ok / failed": [  # n/a where the run computed no ensemble
                "n/a" if pd.isna(n) else f"{ok} / {failed}"
                for ok, failed, n in zip(table.samples_ok, table.samples_failed, table.ensemble_pairs)
            ],
            "pairs with an ensemble": ["n/a" if pd.isna(n) else str(int(n)) for n in table.ensemble_pairs],
            "epochs run (best)": [
                "n/a" if pd.isna(run) else f"{run:.0f} ({best:.0f})" for run, best in zip(table.epochs_run, table.best_epoch)
            ],
            "s per run": ["n/a" if pd.isna(t) else f"{t:.0f}" for t in table.seconds_per_run],
        }
    )


def markdown_table(frame: pd.DataFrame) -> str:
    """A pipe table of every cell as text (no tabulate dependency)."""
    rows = [list(frame.columns), ["---"] * len(frame.columns), *frame.astype(str).values.tolist()]
    return "\n".join("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows) + "\n"


def to_markdown(table: pd.DataFrame, comparisons: pd.DataFrame | None = None) -> str:
    """rmse.md: ours and the reference side by side, with the caveat on the reference; then PRL against the rest."""
    title = "# Test RMSE, mean (std) over folds and repeats\n\n"
    text = title + markdown_table(display_table(table)) + "\n" + REFERENCE_NOTE + "\n"
    if table.repeat_mean_rmse.notna().any():
        text += ("\nRMSE of the repeats' mean: per fold, the test RMSE of the mean of its repeats' predictions (an "
                 "ensemble of the seeds), mean (std) over the folds that have several repeats.\n")
    if table.model.str.contains("+", regex=False).any():
        text += ("\nModels a+b (`report.averages`): per fold where each has a run, the test RMSE of the mean of all "
                 "their runs' predictions (what `molpair predict --model` with those runs predicts), mean (std) over "
                 "those folds.\n")
    return text if comparisons is None else text + "\n" + comparison_markdown(comparisons)


def write_report(config: dict[str, Any], out_dir: str | Path) -> pd.DataFrame:
    """Write RMSE and calibration tables, per-dataset plots and, last, index.html under `out_dir`.

    Models or runs without outputs are left out with a warning, so a partly finished study still reports.
    """
    from molpair.report import calibration, index_page, plots
    from molpair.report.design import write_design_table
    from molpair.report.predictions import load_test_predictions

    out_dir = Path(out_dir)
    predictions = {dataset: load_test_predictions(config, dataset) for dataset in config["datasets"]}
    table = rmse_table(config, predictions)
    comparisons = comparison_table(config)
    io.write_text(table.to_csv(index=False), out_dir / "rmse.csv")
    io.write_text(comparisons.to_csv(index=False), out_dir / "comparisons.csv")
    if not any(name in config["models"] for name in PRL_MODELS):
        comparisons = None  # no PRL model with its ensemble terms to pair the others with: no such section
    io.write_text(to_markdown(table, comparisons), out_dir / "rmse.md")
    unit = units(config)
    calibration_rows = calibration.calibration_table(predictions, unit)
    io.write_text(calibration_rows.to_csv(index=False), out_dir / "calibration.csv")
    io.write_text(calibration.to_markdown(calibration_rows), out_dir / "calibration.md")
    images = [
        image
        for dataset, data in predictions.items()
        for image in plots.dataset_plots(dataset, unit[dataset], data, list(config["models"]), out_dir)
    ]
    io.write_text(index_page.render(table, calibration_rows, images), out_dir / "index.html")
    write_design_table(config["results_dir"], out_dir)
    log.info("report written to %s\n%s", out_dir, to_markdown(table, comparisons))
    return table
