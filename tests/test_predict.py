"""`molpair predict` and attention export with a tiny CIGIN model trained once for the module."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from conftest import alkanol_rows, write_pair_set
from molpair.cli import main
from molpair.models.base import PairModel
from molpair.report.attention import pair_attention
from molpair.train import PairRegressor, train_fold
from molpair.train.predict import load_run, predict_file, predict_pairs

TRAIN_CONFIG = {
    "folds": None, "repeats": 1, "seed": 0, "max_epochs": 2, "patience": 2, "batch_size": 8,
    "lr": 0.003, "weight_decay": 0.0, "accelerator": "cpu", "devices": 1, "num_workers": 0,
}
MODEL_CONFIG = {"hidden_dim": 16, "num_layers": 2, "dropout": 0.0}
GOOD = [("CCO", "O"), ("CCCCO", "CCO"), ("CCC", "O")]
UNPARSABLE = ("C1CC", "O")
UNSUPPORTED = ("CCO", "[U]")


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    write_pair_set(root, alkanol_rows(), ["train"] * 32 + ["val"] * 4 + ["test"] * 4)
    out = tmp_path_factory.mktemp("run")
    train_fold(root / "pairs.parquet", root / "splits.parquet", 0, 0, "cigin", MODEL_CONFIG, TRAIN_CONFIG, out)
    return out


@pytest.fixture(scope="module")
def module(run_dir):
    return load_run(run_dir)


@pytest.fixture
def pairs_csv(tmp_path):
    """Three good pairs around an unparsable solute and an unsupported solvent element, with extra columns."""
    rows = [GOOD[0], UNPARSABLE, GOOD[1], UNSUPPORTED, GOOD[2]]
    frame = pd.DataFrame(
        {
            "id": ["007", "008", "009", "010", "011"],
            "solute": [a for a, _ in rows],
            "solvent": [b for _, b in rows],
            "note": ["x", "", "1.50", "y", "z"],
        }
    )
    path = tmp_path / "pairs.csv"
    frame.to_csv(path, index=False)
    return path


def test_load_run_needs_a_checkpoint(tmp_path):
    with pytest.raises(FileNotFoundError, match="no best.ckpt"):
        load_run(tmp_path)


def test_predict_file_keeps_rows_columns_and_reports_bad_rows(run_dir, module, pairs_csv, tmp_path):
    output = tmp_path / "out" / "preds.csv"
    frame = predict_file(run_dir, pairs_csv, output, solute_column="solute", solvent_column="solvent", batch_size=3)
    written = pd.read_csv(output, dtype={"id": str, "note": str}, keep_default_na=False)
    assert list(written.columns) == ["id", "solute", "solvent", "note", "prediction", "uncertainty", "error"]
    assert list(written["id"]) == ["007", "008", "009", "010", "011"]
    assert list(written["note"]) == ["x", "", "1.50", "y", "z"]

    assert frame.loc[1, "error"].startswith("solute: unparsable SMILES")
    assert frame.loc[3, "error"].startswith("solvent: unsupported element") and "U" in frame.loc[3, "error"]
    assert frame.loc[[1, 3], "prediction"].isna().all()
    good = frame.loc[[0, 2, 4]]
    assert (good["error"] == "").all() and np.isfinite(good["prediction"]).all()
    assert good["uncertainty"].isna().all()  # CIGIN has no predictive variance
    for (solute, solvent), value in zip(GOOD, good["prediction"]):
        alone = predict_pairs(module, [solute], [solvent]).loc[0, "prediction"]
        assert value == pytest.approx(alone, rel=1e-5, abs=1e-6)
    assert set(frame.attrs["seconds"]) == {"featurize", "model"}


def test_missing_column_lists_the_columns_found(run_dir, pairs_csv, tmp_path, caplog):
    with pytest.raises(ValueError, match="columns found: id, solute, solvent, note"):
        predict_file(run_dir, pairs_csv, tmp_path / "preds.csv")
    status = main(["predict", "--model", str(run_dir), "--input", str(pairs_csv), "--output", str(tmp_path / "p.csv")])
    assert status == 2 and "solute_smiles" in caplog.text and not (tmp_path / "p.csv").exists()


def test_cli_file_and_single_pair(run_dir, module, pairs_csv, tmp_path, capsys):
    output = tmp_path / "preds.csv"
    argv = ["predict", "--model", str(run_dir), "--input", str(pairs_csv), "--output", str(output)]
    assert main(argv + ["--solute-column", "solute", "--solvent-column", "solvent"]) == 0
    assert len(pd.read_csv(output)) == 5

    capsys.readouterr()
    assert main(["predict", "--model", str(run_dir), "--solute", "CCO", "--solvent", "O"]) == 0
    printed = capsys.readouterr().out.strip()
    expected = predict_pairs(module, ["CCO"], ["O"]).loc[0, "prediction"]
    assert math.isclose(float(printed.split()[0]), expected, abs_tol=1e-4)

    assert main(["predict", "--model", str(run_dir), "--solute", "C1CC", "--solvent", "O"]) == 1
    assert capsys.readouterr().out.startswith("error: solute: unparsable SMILES")


def test_cli_rejects_mixed_modes(run_dir, pairs_csv):
    model = ["predict", "--model", str(run_dir)]
    assert main(model + ["--input", str(pairs_csv)]) == 2  # no --output
    assert main(model + ["--input", str(pairs_csv), "--output", "x.csv", "--solute", "C", "--solvent", "O"]) == 2
    assert main(model + ["--solute", "C"]) == 2


def test_attention_export(run_dir, tmp_path):
    png, svg, weights_csv = tmp_path / "map.png", tmp_path / "map.svg", tmp_path / "weights.csv"
    argv = ["attention", "--model", str(run_dir), "--solute", "CCCO", "--solvent", "CCO"]
    assert main(argv + ["--output", str(png), "--csv", str(weights_csv)]) == 0
    assert main(argv + ["--output", str(svg)]) == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    assert "<svg" in svg.read_text()
    table = pd.read_csv(weights_csv)
    assert list(table.columns) == ["atom_index", "element", "weight"]
    assert list(table["atom_index"]) == [0, 1, 2, 3] and list(table["element"]) == ["C", "C", "C", "O"]
    assert table["weight"].sum() == pytest.approx(1.0)


def test_attention_map_shape_and_models_without_a_map(module):
    weights, full_map = pair_attention(module, "CCCO", "CCO")
    assert full_map.shape == (4, 3) and weights.shape == (4,)
    with pytest.raises(ValueError, match="solvent: unsupported element"):
        pair_attention(module, "CCO", "[U]")

    class NoMap(PairModel):
        def forward(self, batch):
            return batch.y

    plain = PairRegressor("cigin", MODEL_CONFIG)
    plain.model = NoMap()
    with pytest.raises(ValueError, match="no atom-wise interaction map"):
        pair_attention(plain, "CCO", "O")
