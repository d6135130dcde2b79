"""Per-dataset figures comparing the configured models on pooled test predictions (all folds and repeats)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from molpair.io import atomic_path  # noqa: E402
from molpair.report.calibration import NOMINAL_LEVELS, models_with_std, reliability  # noqa: E402
from molpair.report.predictions import finite_errors  # noqa: E402


def model_colours(models: list[str]) -> dict[str, str]:
    """One fixed colour per configured model, so a model looks the same in every figure."""
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    return {model: cycle[i % len(cycle)] for i, model in enumerate(models)}


def _save(fig: plt.Figure, out_path: Path) -> None:
    fig.tight_layout()
    with atomic_path(out_path) as tmp:
        fig.savefig(tmp, format="png")
    plt.close(fig)


def _rmse(rows: pd.DataFrame) -> float:
    errors = finite_errors(rows)
    return float(np.sqrt(np.mean(errors**2))) if errors.size else float("nan")


def parity_plot(dataset: str, unit: str, data: pd.DataFrame, colours: dict[str, str], out_path: Path) -> None:
    """Predicted against measured test values, one colour per model, with the y = x line."""
    fig, ax = plt.subplots(figsize=(5, 5), dpi=120)
    for model, rows in data.groupby("model", sort=False):
        label = f"{model} (RMSE {_rmse(rows):.3f})"
        ax.scatter(rows.y_true, rows.y_pred, s=8, alpha=0.5, color=colours[model], label=label)
    values = data[["y_true", "y_pred"]].to_numpy(dtype=float)
    if np.isfinite(values).any():
        low, high = float(np.nanmin(values)), float(np.nanmax(values))
        ax.plot([low, high], [low, high], color="black", linewidth=0.8)
        ax.legend(fontsize=7, loc="upper left")
    ax.set_title(f"{dataset}: test predictions, pooled over folds and repeats", fontsize=9)
    ax.set_xlabel(f"measured ({unit})")
    ax.set_ylabel(f"predicted ({unit})")
    _save(fig, out_path)


def error_histogram(dataset: str, unit: str, data: pd.DataFrame, colours: dict[str, str], out_path: Path) -> None:
    """Distribution of prediction − measured on the test sets, one step histogram per model on shared bins."""
    fig, ax = plt.subplots(figsize=(6, 4), dpi=120)
    errors = finite_errors(data)
    if errors.size:
        bins = np.histogram_bin_edges(errors, bins=30)
        for model, rows in data.groupby("model", sort=False):
            ax.hist(finite_errors(rows), bins=bins, histtype="step", linewidth=1.2, color=colours[model], label=model)
        ax.axvline(0.0, color="black", linewidth=0.8)
        ax.legend(fontsize=7)
    ax.set_title(f"{dataset}: test errors, pooled over folds and repeats", fontsize=9)
    ax.set_xlabel(f"prediction − measured ({unit})")
    ax.set_ylabel("test points")
    _save(fig, out_path)


def reliability_plot(dataset: str, by_model: dict[str, pd.DataFrame], colours: dict[str, str], out_path: Path) -> None:
    """Observed against nominal coverage of central Gaussian intervals ±z·y_std, with the diagonal."""
    fig, ax = plt.subplots(figsize=(4.5, 4.5), dpi=120)
    ax.plot([0, 1], [0, 1], color="black", linewidth=0.8, linestyle="--", label="calibrated")
    for model, rows in by_model.items():
        ax.plot(NOMINAL_LEVELS, reliability(rows), marker="o", markersize=3, color=colours[model], label=model)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title(f"{dataset}: calibration of the predictive std (test)", fontsize=9)
    ax.set_xlabel("nominal coverage of the central interval")
    ax.set_ylabel("observed coverage")
    ax.legend(fontsize=7, loc="upper left")
    _save(fig, out_path)


def dataset_plots(dataset: str, unit: str, data: pd.DataFrame, models: list[str], out_dir: Path) -> list[str]:
    """Write the parity, error and (where a model has y_std) reliability figures; return their file names."""
    colours = model_colours(models)
    names = [f"parity-{dataset}.png", f"errors-{dataset}.png"]
    parity_plot(dataset, unit, data, colours, out_dir / names[0])
    error_histogram(dataset, unit, data, colours, out_dir / names[1])
    calibration_path = out_dir / f"calibration-{dataset}.png"
    by_model = models_with_std(data)
    if by_model:
        reliability_plot(dataset, by_model, colours, calibration_path)
        names.append(calibration_path.name)
    else:
        # Not a declared workflow output: drop one left from an earlier config so the folder matches the index.
        calibration_path.unlink(missing_ok=True)
    return names
