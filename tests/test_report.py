"""RMSE tables beside the reference, calibration of the predictive std, per-dataset plots and index.html."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

from molpair import config as config_module
from molpair import io
from molpair.layout import Layout
from molpair.report.calibration import models_with_std, reliability
from molpair.report.predictions import load_test_predictions
from molpair.report.rmse import rmse_table, write_report


@pytest.fixture
def finished_runs(tmp_path):
    cfg = config_module.validate({"results_dir": str(tmp_path), "datasets": {"freesolv": {}}, "train": {"folds": [0, 1, 2]}})
    layout = Layout(tmp_path)
    io.write_json({"pairs": 30}, layout.ingest_summary("freesolv"))
    io.write_json({"pairs": 28, "by_status": {"ok": 230, "timeout": 5, "rejected": 5}}, layout.ensemble_summary("freesolv"))
    for fold, rmse in enumerate([1.0, 2.0, 3.0]):
        io.write_json({"fold": fold, "test_rmse": rmse}, layout.metrics("freesolv", "cigin", fold, 0))
        preds = pd.DataFrame({"pair_id": ["a", "b", "c"], "role": ["train", "test", "test"],
                              "y_true": [0.0, 1.0, 2.0], "y_pred": [0.1, 1.5, 1.0]})
        preds.to_parquet(layout.run("freesolv", "cigin", fold, 0) / "predictions.parquet")
    return cfg


# Test errors of prl are these multiples of its y_std: within 1 std for 2 of 4, within 1.96 std for 3 of 4.
ERROR_IN_STDS = np.array([0.5, 1.5, 3.0, 0.5])
PRL_STD = np.array([0.2, 0.4, 1.0, 2.0])


@pytest.fixture
def two_models(tmp_path):
    """prl (finite y_std, has a reference) and prl_no_ensemble (no y_std, no reference), 2 folds each."""
    cfg = config_module.validate({
        "results_dir": str(tmp_path),
        "datasets": {"freesolv": {}},
        "models": {"prl": {}, "prl_no_ensemble": {}},
        "train": {"folds": [0, 1]},
    })
    layout = Layout(tmp_path)
    y_true = np.array([1.0, -2.0, 0.5, 3.0])
    for fold, (prl_rmse, ablation_rmse) in enumerate([(0.5, 1.0), (0.7, 1.0)]):
        # A val row with a huge error must not count towards test calibration.
        roles = ["val", "test", "test", "test", "test"]
        prl = pd.DataFrame({"pair_id": list("vabcd"), "role": roles, "y_true": [0.0, *y_true],
                            "y_pred": [9.0, *(y_true + ERROR_IN_STDS * PRL_STD)], "y_std": [0.1, *PRL_STD]})
        ablation = prl.assign(y_pred=prl.y_true + 1.0, y_std=np.nan)
        for model, preds, rmse in [("prl", prl, prl_rmse), ("prl_no_ensemble", ablation, ablation_rmse)]:
            budget = {"epochs_run": 40 + 10 * fold, "best_epoch": 20 + 10 * fold, "seconds": 30.0, "n_train": 50 + fold}
            io.write_json({"fold": fold, "test_rmse": rmse, **budget}, layout.metrics("freesolv", model, fold, 0))
            preds.to_parquet(layout.run("freesolv", model, fold, 0) / "predictions.parquet")
    return cfg


def test_rmse_mean_std_and_counts(finished_runs):
    row = rmse_table(finished_runs).iloc[0]
    assert row.rmse_mean == pytest.approx(2.0) and row.rmse_std == pytest.approx(1.0)
    assert (row.runs, row.folds, row.pairs, row.samples_ok, row.samples_failed) == (3, 3, 30, 230, 10)
    assert row.ensemble_pairs == 28


def test_report_files(finished_runs, tmp_path):
    write_report(finished_runs, tmp_path / "report")
    md = (tmp_path / "report/rmse.md").read_text()
    assert "| RMSE | reference RMSE |" in md
    assert "| freesolv | cigin | 2.000 (1.000) | 0.910 (0.010) | kcal/mol | 3 | 3 | 30 | n/a | 230 / 10 |" in md
    assert "subsets differ" in md
    assert pd.read_csv(tmp_path / "report/rmse.csv").rmse_mean.tolist() == [2.0]
    for name in ("parity-freesolv.png", "errors-freesolv.png"):
        assert (tmp_path / "report" / name).read_bytes()[:4] == b"\x89PNG"
    assert not (tmp_path / "report/parity-freesolv-cigin.png").exists()


def test_a_subset_of_the_data_shows_no_published_reference(finished_runs):
    """The talk's figures are for the whole set: a run on max_pairs or max_atoms pairs is not beside them."""
    layout = Layout(finished_runs["results_dir"])
    assert rmse_table(finished_runs).iloc[0].ref_rmse_mean == pytest.approx(0.91)
    for dropped in ({"pairs_dropped_by_max_pairs": 12}, {"pairs_dropped_by_max_atoms": 3, "pairs_dropped_by_max_pairs": 0}):
        io.write_json({"pairs": 30, **dropped}, layout.ingest_summary("freesolv"))
        assert rmse_table(finished_runs).iloc[0][["ref_rmse_mean", "ref_rmse_std"]].isna().all()


def test_rmse_of_the_repeats_mean_prediction(finished_runs, tmp_path):
    """A second repeat on folds 0 and 1 gives those folds the RMSE of the two repeats' mean prediction."""
    cfg = {**finished_runs, "train": {**finished_runs["train"], "repeats": 2}}
    layout = Layout(finished_runs["results_dir"])
    for fold in (0, 1):
        io.write_json({"fold": fold, "test_rmse": 0.5}, layout.metrics("freesolv", "cigin", fold, 1))
        preds = pd.DataFrame({"pair_id": ["c", "b", "a"], "role": ["test", "test", "train"],
                              "y_true": [2.0, 1.0, 0.0], "y_pred": [2.0, 0.5, 9.0]})  # rows in another order
        preds.to_parquet(layout.run("freesolv", "cigin", fold, 1) / "predictions.parquet")
    row = rmse_table(cfg).iloc[0]
    # Mean predictions 1.0 (b) and 1.5 (c): errors 0 and 0.5 on both folds; fold 2 has one repeat only.
    assert row.repeat_mean_rmse == pytest.approx(np.sqrt(0.125)) and row.repeat_mean_rmse_std == pytest.approx(0.0)
    assert row.runs == 5
    write_report(cfg, tmp_path / "report")
    assert "| RMSE | RMSE of the repeats' mean | reference RMSE |" in (tmp_path / "report/rmse.md").read_text()
    assert np.isnan(rmse_table(finished_runs).iloc[0].repeat_mean_rmse)


def test_missing_runs_are_counted_not_invented(finished_runs):
    cfg = {**finished_runs, "train": {**finished_runs["train"], "folds": [0, 1, 2, 3]}}
    row = rmse_table(cfg).iloc[0]
    assert row.runs == 3 and not np.isnan(row.rmse_mean)


def test_rmse_csv_has_ours_and_reference(two_models, tmp_path):
    write_report(two_models, tmp_path / "report")
    table = pd.read_csv(tmp_path / "report/rmse.csv").set_index("model")
    assert table.loc["prl", ["rmse_mean", "rmse_std"]].tolist() == pytest.approx([0.6, np.sqrt(0.02)])
    assert table.loc["prl", ["ref_rmse_mean", "ref_rmse_std"]].tolist() == pytest.approx([0.80, 0.01])
    assert table.loc["prl_no_ensemble", ["ref_rmse_mean", "ref_rmse_std"]].isna().all()
    assert "| freesolv | prl_no_ensemble | 1.000 (0.000) | n/a |" in (tmp_path / "report/rmse.md").read_text()
    assert table.loc["prl", ["epochs_run", "best_epoch", "seconds_per_run", "train_pairs"]].tolist() == [45, 25, 30, 50.5]
    assert "| 45 (25) | 30 |" in (tmp_path / "report/rmse.md").read_text()


def test_a_group_of_models_is_averaged_on_the_folds_where_each_has_a_run(two_models, tmp_path):
    """report.averages: the RMSE of the mean of every run of the group per fold; a fold where one model has
    no run yet is left out, not filled in by the other."""
    cfg = config_module.validate({**two_models, "report": {"averages": [["prl", "prl_no_ensemble"]]}})
    (Layout(tmp_path).run("freesolv", "prl_no_ensemble", 1, 0) / "predictions.parquet").unlink()
    write_report(cfg, tmp_path / "report")
    table = pd.read_csv(tmp_path / "report/rmse.csv").set_index("model")
    # Fold 0: prl errs by ERROR_IN_STDS * PRL_STD, prl_no_ensemble by 1 on each test pair; the mean by half their sum.
    expected = np.sqrt(np.mean(((ERROR_IN_STDS * PRL_STD + 1.0) / 2) ** 2))
    row = table.loc["prl+prl_no_ensemble"]
    assert row.rmse_mean == pytest.approx(expected) and np.isnan(row.rmse_std)
    assert (row.runs, row.folds, row.unit) == (2, 1, "kcal/mol")
    markdown = (tmp_path / "report/rmse.md").read_text()
    assert f"| freesolv | prl+prl_no_ensemble | {expected:.3f} | n/a | kcal/mol | 2 | 1 |" in markdown
    assert "Models a+b (`report.averages`)" in markdown
    with pytest.raises(config_module.ConfigError, match="'cigin' not a key of models"):
        config_module.validate({**two_models, "report": {"averages": [["prl", "cigin"]]}})


def test_calibration_table_counts_test_points_only(two_models, tmp_path):
    write_report(two_models, tmp_path / "report")
    table = pd.read_csv(tmp_path / "report/calibration.csv")
    assert table.model.tolist() == ["prl"]  # prl_no_ensemble has no y_std
    row = table.iloc[0]
    assert row.test_points == 8
    assert row["coverage_1std"] == pytest.approx(0.5) and row["coverage_1.96std"] == pytest.approx(0.75)
    assert row.mean_std == pytest.approx(PRL_STD.mean())
    assert "| freesolv | prl | 8 | 50.0% | 75.0% | 0.900 | kcal/mol |" in (tmp_path / "report/calibration.md").read_text()


def test_reliability_at_nominal_levels(two_models):
    by_model = models_with_std(load_test_predictions(two_models, "freesolv"))
    assert list(by_model) == ["prl"]
    # Half-widths of the central intervals at 0.1..0.9, 0.95, in std:
    # 0.13, 0.25, 0.39, 0.52, 0.67, 0.84, 1.04, 1.28, 1.64, 1.96.
    assert reliability(by_model["prl"]) == pytest.approx([0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.75, 0.75])


def test_index_links_every_png(two_models, tmp_path):
    out = tmp_path / "report"
    write_report(two_models, out)
    written = sorted(path.name for path in out.glob("*.png"))
    assert written == ["calibration-freesolv.png", "errors-freesolv.png", "parity-freesolv.png"]
    index = (out / "index.html").read_text()
    for name in written:
        assert (out / name).read_bytes()[:4] == b"\x89PNG"
        assert f'src="{name}"' in index
    assert "<table" in index and "reference RMSE" in index and "http" not in index


def test_without_predictive_variance(finished_runs, tmp_path):
    out = tmp_path / "report"
    (out / "calibration-freesolv.png").parent.mkdir(parents=True)
    (out / "calibration-freesolv.png").write_bytes(b"stale")
    write_report(finished_runs, out)
    assert "no models with a predictive variance" in (out / "calibration.md").read_text()
    assert pd.read_csv(out / "calibration.csv").empty
    assert not (out / "calibration-freesolv.png").exists()
    assert "no models with a predictive variance" in (out / "index.html").read_text()


def test_missing_model_is_skipped_with_a_warning(two_models, tmp_path, caplog):
    cfg = {**two_models, "models": {**two_models["models"], "cgib": {}}}
    with caplog.at_level(logging.WARNING, logger="molpair"):
        table = write_report(cfg, tmp_path / "report").set_index("model")
    assert table.loc["cgib", "runs"] == 0 and np.isnan(table.loc["cgib", "rmse_mean"])
    assert table.loc["cgib", "ref_rmse_mean"] == pytest.approx(0.85)
    assert any("freesolv/cgib" in message for message in caplog.messages)
    assert (tmp_path / "report/index.html").exists()


def test_paired_differences_with_standard_error(two_models, tmp_path):
    from molpair.report.rmse import comparison_table

    row = comparison_table(two_models).set_index("other").loc["prl_no_ensemble"]
    # prl 0.5, 0.7 against 1.0, 1.0: differences 0.5 and 0.3, SE = std / √2 = 0.1.
    assert row.kind == "ablation" and row.runs == 2 and row.diff_mean == pytest.approx(0.4)
    assert row.diff_se == pytest.approx(np.std([0.5, 0.3], ddof=1) / np.sqrt(2)) == pytest.approx(0.1)
    assert row.relative == pytest.approx(0.4) and bool(row.beyond_2se)
    write_report(two_models, tmp_path / "report")
    text = (tmp_path / "report" / "rmse.md").read_text()
    assert "| freesolv | prl | prl_no_ensemble | ablation | 2 | 0.600 | 1.000 | 0.400 (0.100) | 40.0% | yes |" in text
    assert (tmp_path / "report" / "comparisons.csv").exists()


def test_design_summary_over_seeds_compares_with_graph_ga():
    from molpair.report.design import COLUMNS, method_summary, to_markdown

    runs = [
        ("abs550", "graph_ga", 0, 0.90), ("abs550", "graph_ga", 1, 0.92),
        ("abs550", "reinvent", 0, 0.95), ("abs550", "reinvent", 1, 0.97),
        ("abs550", "cvae", 0, 0.80),
    ]
    table = pd.DataFrame(
        [{column: 1.0 for column in COLUMNS} | {"target": target, "method": method, "seed": seed, "top10_auc": auc}
         for target, method, seed, auc in runs], columns=COLUMNS,
    )
    table.loc[table["method"] == "graph_ga", "novel_success_rate"] = float("nan")  # runs made before the metric
    summary = method_summary(table).set_index("method")
    assert summary.loc["graph_ga", "novel_success_rate"] == "n/a"
    assert summary.loc["reinvent", "seeds"] == 2 and summary.loc["cvae", "seeds"] == 1
    assert summary.loc["reinvent", "top10_auc"] == "0.9600 (0.014)"
    assert summary.loc["cvae", "top10_auc"] == "0.8000"  # one seed: no std
    assert summary.loc["cvae", "validity"] == "1"
    assert summary.loc["reinvent", "top10_auc_above_graph_ga"] == "yes"
    assert summary.loc["cvae", "top10_auc_above_graph_ga"] == "no"
    assert summary.loc["graph_ga", "top10_auc_above_graph_ga"] == ""
    assert "## Mean (std) over seeds" in to_markdown(table)
