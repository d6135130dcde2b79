"""RMSE tables and parity plots from run outputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from molpair import config as config_module
from molpair import io
from molpair.layout import Layout
from molpair.report.rmse import rmse_table, write_report


@pytest.fixture
def finished_runs(tmp_path):
    cfg = config_module.validate({"results_dir": str(tmp_path), "datasets": {"freesolv": {}}, "train": {"folds": [0, 1, 2]}})
    layout = Layout(tmp_path)
    io.write_json({"pairs": 30}, layout.ingest_summary("freesolv"))
    io.write_json({"by_status": {"ok": 230, "timeout": 5, "rejected": 5}}, layout.ensemble_summary("freesolv"))
    for fold, rmse in enumerate([1.0, 2.0, 3.0]):
        io.write_json({"fold": fold, "test_rmse": rmse}, layout.metrics("freesolv", "cigin", fold, 0))
        preds = pd.DataFrame({"pair_id": ["a", "b", "c"], "role": ["train", "test", "test"],
                              "y_true": [0.0, 1.0, 2.0], "y_pred": [0.1, 1.5, 1.0]})
        preds.to_parquet(layout.run("freesolv", "cigin", fold, 0) / "predictions.parquet")
    return cfg


def test_rmse_mean_std_and_counts(finished_runs):
    row = rmse_table(finished_runs).iloc[0]
    assert row.rmse_mean == pytest.approx(2.0) and row.rmse_std == pytest.approx(1.0)
    assert (row.runs, row.folds, row.pairs, row.samples_ok, row.samples_failed) == (3, 3, 30, 230, 10)


def test_report_files(finished_runs, tmp_path):
    write_report(finished_runs, tmp_path / "report")
    assert "| freesolv | cigin | 2.000 (1.000) | kcal/mol | 3 | 3 | 30 | 230 / 10 |" in (tmp_path / "report/rmse.md").read_text()
    assert pd.read_csv(tmp_path / "report/rmse.csv").rmse_mean.tolist() == [2.0]
    assert (tmp_path / "report/parity-freesolv-cigin.png").read_bytes()[:4] == b"\x89PNG"


def test_missing_runs_are_counted_not_invented(finished_runs):
    cfg = {**finished_runs, "train": {**finished_runs["train"], "folds": [0, 1, 2, 3]}}
    row = rmse_table(cfg).iloc[0]
    assert row.runs == 3 and not np.isnan(row.rmse_mean)
