"""Test-set predictions of one dataset, pooled over the configured models, folds and repeats."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from molpair.layout import Layout
from molpair.report.rmse import folds

log = logging.getLogger("molpair")

COLUMNS = ["model", "fold", "repeat", "pair_id", "y_true", "y_pred", "y_std"]


def _model_test_rows(config: dict[str, Any], dataset: str, model: str) -> list[pd.DataFrame]:
    """Test rows of each finished run of one model; warns about runs without predictions."""
    layout = Layout(config["results_dir"])
    runs = [(fold, rep) for fold in folds(config) for rep in range(config["train"]["repeats"])]
    frames = []
    for fold, rep in runs:
        path = layout.run(dataset, model, fold, rep) / "predictions.parquet"
        if path.exists():
            frame = pd.read_parquet(path)
            test = frame[frame.role == "test"].assign(model=model, fold=fold, repeat=rep)
            frames.append(test.reindex(columns=COLUMNS))
    if len(frames) < len(runs):
        log.warning("%s/%s: %d of %d runs have no predictions yet; left out of plots and calibration",
                    dataset, model, len(runs) - len(frames), len(runs))
    return frames


def load_test_predictions(config: dict[str, Any], dataset: str) -> pd.DataFrame:
    """Test rows of every finished run of `dataset`, one row per model × fold × repeat × pair.

    y_std is NaN where a model has no predictive standard deviation (or its runs predate the column).
    """
    frames = [frame for model in config["models"] for frame in _model_test_rows(config, dataset, model)]
    data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    return data.astype({"y_true": float, "y_pred": float, "y_std": float})


def repeat_mean_rmse(data: pd.DataFrame) -> list[float]:
    """Per fold of one model's test rows (`load_test_predictions`) with at least two repeats: the test RMSE
    of the repeats' mean prediction (an ensemble of the seeds: what averaging the repeats would predict)."""
    return [_mean_prediction_rmse(rows) for _, rows in data.groupby("fold") if rows["repeat"].nunique() > 1]


def model_average_rmse(data: pd.DataFrame, models: list[str]) -> dict[int, float]:
    """Per fold of the test rows (`load_test_predictions`) where each of `models` has a run: the test RMSE
    of the mean prediction of all their runs there (what `molpair predict --model` with those runs predicts)."""
    return {
        int(fold): _mean_prediction_rmse(rows)
        for fold, rows in data[data.model.isin(models)].groupby("fold")
        if set(rows.model) == set(models)
    }


def _mean_prediction_rmse(rows: pd.DataFrame) -> float:
    """The RMSE of the mean of `rows`' predictions per pair (runs of one fold)."""
    mean = rows.groupby("pair_id").agg(y_true=("y_true", "first"), y_pred=("y_pred", "mean"))
    return float(np.sqrt(((mean.y_pred - mean.y_true) ** 2).mean()))


def finite_errors(data: pd.DataFrame) -> np.ndarray:
    """Prediction − measured where both are finite (a diverged run must not break the plots)."""
    errors = (data.y_pred - data.y_true).to_numpy(dtype=float)
    return errors[np.isfinite(errors)]
