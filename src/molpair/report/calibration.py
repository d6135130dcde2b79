"""Calibration of the predictive standard deviation: how often the test error falls inside ±z·y_std.

A Gaussian predictive distribution that is well calibrated covers the measured value with ±1·y_std for
68.3 % of the test points and with ±1.96·y_std for 95 %. Only models with a finite y_std take part.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

from molpair.report.rmse import markdown_table

# Nominal coverages of the central intervals drawn in the reliability plot.
NOMINAL_LEVELS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
NO_MODELS = "There are no models with a predictive variance (finite y_std) in this report."
COLUMNS = ["dataset", "model", "unit", "test_points", "coverage_1std", "coverage_1.96std", "mean_std"]


def with_predictive_std(data: pd.DataFrame) -> pd.DataFrame:
    """Rows whose y_std, y_true and y_pred are all finite."""
    return data[np.isfinite(data[["y_std", "y_true", "y_pred"]].to_numpy(dtype=float)).all(axis=1)]


def coverage(data: pd.DataFrame, z: float) -> float:
    """Fraction of rows with |y_pred − y_true| <= z·y_std."""
    return float(((data.y_pred - data.y_true).abs() <= z * data.y_std).mean())


def z_for_level(level: float) -> float:
    """Half-width, in standard deviations, of the central Gaussian interval with coverage `level`."""
    return NormalDist().inv_cdf((1 + level) / 2)


def reliability(data: pd.DataFrame) -> list[float]:
    """Observed coverage at each of NOMINAL_LEVELS."""
    return [coverage(data, z_for_level(level)) for level in NOMINAL_LEVELS]


def models_with_std(data: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Model -> its test rows with a finite y_std, for the models that have any (config order kept)."""
    usable = with_predictive_std(data)
    return {str(model): rows for model, rows in usable.groupby("model", sort=False)}


def calibration_table(predictions: dict[str, pd.DataFrame], units: dict[str, str]) -> pd.DataFrame:
    """One row per dataset × model with a predictive std: coverage at 1 and 1.96 std, mean std (in the
    dataset's unit, from `units`)."""
    rows = [
        {
            "dataset": dataset,
            "model": model,
            "unit": units[dataset],
            "test_points": len(rows),
            "coverage_1std": coverage(rows, 1.0),
            "coverage_1.96std": coverage(rows, 1.96),
            "mean_std": float(rows.y_std.mean()),
        }
        for dataset, data in predictions.items()
        for model, rows in models_with_std(data).items()
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """The calibration table as formatted text, shared by calibration.md and index.html."""
    return pd.DataFrame(
        {
            "dataset": table.dataset,
            "model": table.model,
            "test points": table.test_points,
            "within 1 std (nominal 68.3 %)": table["coverage_1std"].map("{:.1%}".format),
            "within 1.96 std (nominal 95 %)": table["coverage_1.96std"].map("{:.1%}".format),
            "mean std": table.mean_std.map("{:.3f}".format),
            "unit": table.unit,
        }
    )



def to_markdown(table: pd.DataFrame) -> str:
    """calibration.md: the table, or a sentence saying no configured model predicts a variance."""
    title = "# Calibration of the predictive std (test set, pooled over folds and repeats)\n\n"
    return title + (markdown_table(display_table(table)) if len(table) else NO_MODELS + "\n")
