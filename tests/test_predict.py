"""`molpair predict`, its applicability-domain flags and attention export with a tiny CIGIN model trained
once for the module (and a tiny fingerprint model, alone and averaged with it)."""

from __future__ import annotations

import json
import logging
import math
import shutil

import lightgbm
import numpy as np
import pandas as pd
import pytest

from conftest import alkanol_rows, write_pair_set
from molpair.cli import main
from molpair.models.base import PairModel
from molpair.report.attention import pair_attention
from molpair.train import PairRegressor, fingerprint_model, onnx_model, train_fold
from molpair.train.domain import DOMAIN_FILE, FLAG_COLUMNS, load_domain
from molpair.train.fingerprint_model import MODEL_FILE
from molpair.train.gbm import train_lightgbm
from molpair.train.predict import load_predictor, load_run, predict_file, predict_pairs, size_batches
from molpair.train.trained import TrainedModel

TRAIN_CONFIG = {
    "folds": None, "repeats": 1, "seed": 0, "max_epochs": 2, "patience": 2, "batch_size": 8,
    "lr": 0.003, "weight_decay": 0.0, "accelerator": "cpu", "devices": 1, "num_workers": 0,
}
MODEL_CONFIG = {"hidden_dim": 16, "num_layers": 2, "dropout": 0.0}
# With the electronic block, so a prediction also computes each new molecule's GFN2-xTB orbitals.
LIGHTGBM_CONFIG = {"learning_rate": 0.1, "num_leaves": 4, "min_data_in_leaf": 2, "feature_fraction": 1.0,
                   "bagging_fraction": 1.0, "max_trees": 400, "early_stopping_rounds": 50, "electronic": True}
GOOD = [("CCO", "O"), ("CCCCO", "CCO"), ("CCC", "O")]
UNPARSABLE = ("C1CC", "O")
UNSUPPORTED = ("CCO", "[U]")


@pytest.fixture(scope="module")
def pair_set(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    write_pair_set(root, alkanol_rows(), ["train"] * 32 + ["val"] * 4 + ["test"] * 4)
    return root


@pytest.fixture(scope="module")
def training_pairs(pair_set):
    """The (solute, solvent) SMILES of the training role."""
    pairs = pd.read_parquet(pair_set / "pairs.parquet").merge(pd.read_parquet(pair_set / "splits.parquet"), on="pair_id")
    train = pairs[pairs["role"] == "train"]
    return list(zip(train["solute_smiles"], train["solvent_smiles"]))


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory, pair_set):
    root = pair_set
    out = tmp_path_factory.mktemp("run")
    train_fold(root / "pairs.parquet", root / "splits.parquet", 0, 0, "cigin", MODEL_CONFIG, TRAIN_CONFIG, out)
    return out


@pytest.fixture(scope="module")
def second_run(tmp_path_factory, pair_set):
    """Repeat 1 of the same model and fold (another seed)."""
    out = tmp_path_factory.mktemp("run")
    train_fold(pair_set / "pairs.parquet", pair_set / "splits.parquet", 0, 1, "cigin", MODEL_CONFIG, TRAIN_CONFIG, out)
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
    frame = predict_file([run_dir], pairs_csv, output, solute_column="solute", solvent_column="solvent", batch_size=3)
    written = pd.read_csv(output, dtype={"id": str, "note": str}, keep_default_na=False)
    assert list(written.columns) == ["id", "solute", "solvent", "note", "prediction", "uncertainty", "error", *FLAG_COLUMNS]
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
    assert good["in_domain"].notna().all() and frame.loc[[1, 3], "in_domain"].isna().all()
    assert set(frame.attrs["seconds"]) == {"featurize", "model", "domain"}


def test_missing_column_lists_the_columns_found(run_dir, pairs_csv, tmp_path, caplog):
    with pytest.raises(ValueError, match="columns found: id, solute, solvent, note"):
        predict_file([run_dir], pairs_csv, tmp_path / "preds.csv")
    status = main(["predict", "--model", str(run_dir), "--input", str(pairs_csv), "--output", str(tmp_path / "p.csv")])
    assert status == 2 and "solute_smiles" in caplog.text and not (tmp_path / "p.csv").exists()


def test_cli_file_and_single_pair(run_dir, module, pairs_csv, tmp_path, capsys):
    output = tmp_path / "preds.csv"
    argv = ["predict", "--model", str(run_dir), "--input", str(pairs_csv), "--output", str(output)]
    assert main(argv + ["--solute-column", "solute", "--solvent-column", "solvent"]) == 0
    assert len(pd.read_csv(output)) == 5

    assert (run_dir / "model.onnx").is_file()  # the CLI predicts through the run's ONNX graph
    capsys.readouterr()
    assert main(["predict", "--model", str(run_dir), "--solute", "CCO", "--solvent", "O"]) == 0
    printed = capsys.readouterr().out.strip()
    expected = predict_pairs(module, ["CCO"], ["O"]).loc[0, "prediction"]
    assert math.isclose(float(printed.split()[0]), expected, abs_tol=1e-4)

    assert main(["predict", "--model", str(run_dir), "--solute", "C1CC", "--solvent", "O"]) == 1
    assert capsys.readouterr().out.startswith("error: solute: unparsable SMILES")


def test_several_runs_predict_their_mean_with_their_spread(run_dir, second_run, pairs_csv, tmp_path, capsys):
    """`--model A B`: the mean of the two runs' predictions, their sample std as the uncertainty; bad rows
    keep their error."""
    columns = ["--solute-column", "solute", "--solvent-column", "solvent"]
    outputs = {}
    for name, runs in (("a", [run_dir]), ("b", [second_run]), ("ab", [run_dir, second_run])):
        outputs[name] = tmp_path / f"{name}.csv"
        assert main(["predict", "--model", *map(str, runs), "--input", str(pairs_csv), "--output", str(outputs[name]), *columns]) == 0
    a, b, both = (pd.read_csv(outputs[name]) for name in ("a", "b", "ab"))
    assert not np.allclose(a.prediction.dropna(), b.prediction.dropna())  # two seeds, two models
    np.testing.assert_allclose(both.prediction, (a.prediction + b.prediction) / 2, rtol=1e-5)
    np.testing.assert_allclose(both.uncertainty, (a.prediction - b.prediction).abs() / np.sqrt(2), rtol=1e-4, atol=1e-6)
    assert both.error.fillna("").tolist() == a.error.fillna("").tolist() and both.prediction.isna().sum() == 2
    capsys.readouterr()
    assert main(["predict", "--model", str(run_dir), str(second_run), "--solute", "CCO", "--solvent", "O"]) == 0
    printed = capsys.readouterr().out.split()
    row = both[(both.solute == "CCO") & (both.solvent == "O")].iloc[0]
    assert math.isclose(float(printed[0]), row.prediction, abs_tol=1e-4)


@pytest.fixture(scope="module")
def lightgbm_run(tmp_path_factory, pair_set):
    """A fingerprint model (train/gbm.py) on the same fold as the CIGIN runs."""
    out = tmp_path_factory.mktemp("run")
    train_lightgbm(pair_set / "pairs.parquet", pair_set / "splits.parquet", 0, 0, LIGHTGBM_CONFIG, TRAIN_CONFIG, out)
    return out


def test_a_lightgbm_run_predicts_alone_and_averaged_with_a_graph_run(run_dir, lightgbm_run, pair_set, pairs_csv, tmp_path):
    """Alone: the training run's own test predictions, no uncertainty, domain flags; averaged with CIGIN:
    their mean and spread; bad rows keep their error either way."""
    pairs = pd.read_parquet(pair_set / "pairs.parquet")
    trained = pd.read_parquet(lightgbm_run / "predictions.parquet").merge(pairs, on="pair_id")
    test = trained[trained.role == "test"]
    alone = predict_pairs(load_predictor(lightgbm_run), test.solute_smiles.tolist(), test.solvent_smiles.tolist(),
                          batch_size=3, domain=load_domain(lightgbm_run))
    np.testing.assert_allclose(alone.prediction, test.y_pred, rtol=1e-6)
    assert alone.uncertainty.isna().all() and alone.in_domain.all()

    columns = ["--solute-column", "solute", "--solvent-column", "solvent"]
    outputs = {}
    for name, runs in (("gbm", [lightgbm_run]), ("graph", [run_dir]), ("both", [lightgbm_run, run_dir])):
        outputs[name] = tmp_path / f"{name}.csv"
        assert main(["predict", "--model", *map(str, runs), "--input", str(pairs_csv), "--output", str(outputs[name]), *columns]) == 0
    gbm, graph, both = (pd.read_csv(outputs[name]) for name in ("gbm", "graph", "both"))
    assert gbm.prediction.isna().tolist() == [False, True, False, True, False]
    assert gbm.error.fillna("").tolist() == graph.error.fillna("").tolist()
    np.testing.assert_allclose(both.prediction, (gbm.prediction + graph.prediction) / 2, rtol=1e-5)
    np.testing.assert_allclose(both.uncertainty, (gbm.prediction - graph.prediction).abs() / np.sqrt(2), rtol=1e-4, atol=1e-6)


def test_a_lightgbm_run_featurizes_new_molecules_on_worker_processes(lightgbm_run, pair_set, monkeypatch):
    """With threads, a batch's molecules not yet known are featurized (orbitals included) by worker
    processes, to the run's own test predictions."""
    pairs = pd.read_parquet(pair_set / "pairs.parquet")
    test = pd.read_parquet(lightgbm_run / "predictions.parquet").merge(pairs, on="pair_id").query("role == 'test'")
    monkeypatch.setattr(fingerprint_model, "_cache", type(fingerprint_model._cache)())
    model = load_predictor(lightgbm_run, threads=2)
    predicted = predict_pairs(model, test.solute_smiles.tolist(), test.solvent_smiles.tolist(), batch_size=64)
    assert model._pool is not None and len(fingerprint_model._cache) == test.solute_smiles.nunique() + test.solvent_smiles.nunique()
    np.testing.assert_allclose(predicted.prediction, test.y_pred, rtol=1e-6)


def test_a_lightgbm_model_of_another_feature_set_is_refused(tmp_path):
    booster = lightgbm.train({"verbose": -1, "min_data_in_leaf": 1}, lightgbm.Dataset(np.eye(4), np.arange(4.0)), 2)
    booster.save_model(str(tmp_path / MODEL_FILE))
    with pytest.raises(ValueError, match="expects 4 features"):
        load_run(tmp_path)


def test_onnx_graph_predicts_as_the_network(run_dir, module, tmp_path):
    """In batches of mixed sizes, alone, and for water (one atom, no bond); a damaged graph or one of
    another checkpoint is exported again; attention stays with the network."""
    big = "C" * 80 + "O"
    solutes, solvents = ["CCO", big, "O", "CCCCO", "c1ccccc1O", "O"], ["O", "CCO", "O", "CCO", "ClC(Cl)Cl", "CCCO"]
    exported = onnx_model.load(run_dir / "best.ckpt")
    np.testing.assert_allclose(
        predict_pairs(exported, solutes, solvents, batch_size=4)["prediction"],
        predict_pairs(module, solutes, solvents)["prediction"], rtol=1e-5, atol=1e-5,
    )
    for solute, solvent in zip(solutes, solvents):
        alone = predict_pairs(exported, [solute], [solvent]).loc[0, "prediction"]
        assert alone == pytest.approx(predict_pairs(module, [solute], [solvent]).loc[0, "prediction"], rel=1e-5, abs=1e-5)
    with pytest.raises(ValueError, match="attention maps need the torch network"):
        predict_pairs(exported, ["CCO"], ["O"], attention=True)

    import onnx

    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    def metadata() -> dict:
        return {entry.key: entry.value for entry in onnx.load(copy / "model.onnx").metadata_props}

    expected = metadata()
    assert expected == {onnx_model.CHECKPOINT_KEY: onnx_model.sha256_file(run_dir / "best.ckpt"),
                        onnx_model.FORMAT_KEY: onnx_model.FORMAT}
    (copy / "model.onnx").write_bytes(b"damaged")
    onnx_model.load(copy / "best.ckpt")
    assert metadata() == expected
    for key, value in ((onnx_model.CHECKPOINT_KEY, "0" * 64), (onnx_model.FORMAT_KEY, "0")):  # another checkpoint, format
        stale = onnx.load(copy / "model.onnx")
        next(entry for entry in stale.metadata_props if entry.key == key).value = value
        onnx.save_model(stale, copy / "model.onnx")
        onnx_model.load(copy / "best.ckpt")
        assert metadata() == expected


def test_a_run_that_cannot_be_exported_predicts_with_the_network(run_dir, pairs_csv, tmp_path, monkeypatch, caplog):
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy, ignore=shutil.ignore_patterns("model.onnx"))

    attempts = []

    def refuse(checkpoint, path, digest):
        attempts.append(checkpoint)
        raise onnx_model.ExportError(f"cannot export {checkpoint} to ONNX: refused")

    monkeypatch.setattr(onnx_model, "export", refuse)
    with caplog.at_level(logging.WARNING):
        assert isinstance(load_predictor(copy), TrainedModel)
    assert "refused; predicting with the torch model" in caplog.text
    frame = predict_file([copy], pairs_csv, tmp_path / "p.csv", solute_column="solute", solvent_column="solvent")
    assert np.isfinite(frame.loc[[0, 2, 4], "prediction"]).all() and not (copy / "model.onnx").exists()
    assert len(attempts) == 1  # the failure is recorded with the checkpoint's digest, not tried again
    assert (copy / onnx_model.FAILED_FILE).read_text().startswith(onnx_model.sha256_file(copy / "best.ckpt"))


def test_size_batches_group_similar_sizes_within_budgets():
    sizes = [3, 40, 2, 3, 5, 2]
    assert size_batches(sizes, batch_size=2, max_atoms=100) == [[2, 5], [0, 3], [4, 1]]
    assert size_batches(sizes, batch_size=10, max_atoms=10) == [[2, 5, 0, 3], [4], [1]]  # 40 atoms alone


def test_batching_by_size_returns_input_order_and_unsorted_values(module):
    """One large solute among small ones: batches sorted by size mix the rows, yet each row comes back
    where it was, with the value of batches taken in input order (eval mode: pairs are independent)."""
    big = "C" * 120 + "O"
    pairs = [("CCO", "O"), (big, "O"), ("CCCCO", "CCO"), ("C1CC", "O"), ("CCC", "O"), ("CO", "CCCO"), ("CCCCCCO", "O")]
    solutes, solvents = [a for a, _ in pairs], [b for _, b in pairs]
    frame = predict_pairs(module, solutes, solvents, batch_size=3)
    assert list(frame["solute_smiles"]) == solutes and list(frame["solvent_smiles"]) == solvents
    assert frame.loc[3, "error"] and (frame.drop(index=3)["error"] == "").all()
    in_order = pd.concat(
        [predict_pairs(module, solutes[start:start + 3], solvents[start:start + 3]) for start in range(0, len(pairs), 3)],
        ignore_index=True,
    )
    np.testing.assert_allclose(frame["prediction"], in_order["prediction"], rtol=1e-5, atol=1e-6)
    alone = [predict_pairs(module, [a], [b]).loc[0, "prediction"] for a, b in pairs]
    np.testing.assert_allclose(frame["prediction"], alone, rtol=1e-5, atol=1e-6)


def test_each_distinct_pair_reaches_the_model_once(module, monkeypatch):
    """Repeated pairs (also with attention) get the value of their first occurrence, computed once."""
    seen = []
    predict = module.predict

    def counting(batch, **kwargs):
        seen.append(batch.num_graphs)
        return predict(batch, **kwargs)

    monkeypatch.setattr(module, "predict", counting)
    solutes, solvents = ["CCO", "CCCO", "CCO", "C1CC", "CCO", "CCCO"], ["O", "O", "O", "O", "CCO", "O"]
    frame = predict_pairs(module, solutes, solvents, attention=True)
    assert sum(seen) == 3  # (CCO, O), (CCCO, O), (CCO, CCO); the unparsable row never reaches it
    assert frame.loc[3, "error"] and np.isnan(frame.loc[3, "prediction"])
    for repeat, first in ((2, 0), (5, 1)):
        assert frame.loc[repeat, "prediction"] == frame.loc[first, "prediction"]
        np.testing.assert_array_equal(frame.loc[repeat, "attention"], frame.loc[first, "attention"])
    alone = [predict_pairs(module, [a], [b]).loc[0, "prediction"] for a, b in zip(solutes, solvents) if a != "C1CC"]
    np.testing.assert_allclose(frame.drop(index=3)["prediction"], alone, rtol=1e-5, atol=1e-6)


def test_attention_column_is_the_exported_weights(module):
    frame = predict_pairs(module, ["CCCO", "C1CC", "CCO"], ["CCO", "O", "O"], attention=True)
    assert frame.loc[1, "attention"] is None
    for row, (solute, solvent) in ((0, ("CCCO", "CCO")), (2, ("CCO", "O"))):
        weights, _ = pair_attention(module, solute, solvent)
        np.testing.assert_allclose(frame.loc[row, "attention"], weights, rtol=1e-6)
    alone = predict_pairs(module, ["CCCO"], ["CCO"]).loc[0, "prediction"]
    assert frame.loc[0, "prediction"] == pytest.approx(alone, rel=1e-6)


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


CHAIN = "C" * 3000
UNLIKE = "c1ccc2ccccc2c1"  # naphthalene: carbon only and of a training size, but aromatic rings


def test_run_stores_its_training_domain(run_dir, training_pairs):
    stored = json.loads((run_dir / DOMAIN_FILE).read_text())
    solutes, solvents = ({pair[side] for pair in training_pairs} for side in (0, 1))
    assert stored["solute"]["smiles"] == sorted(solutes)
    assert stored["solvent"]["smiles"] == sorted(solvents)
    assert stored["solute"]["elements"] == ["C", "O"]
    sizes = [len(smiles) for smiles in solutes]  # one heavy atom per character in these SMILES
    assert stored["solute"]["heavy_atoms"] == [min(sizes), max(sizes)]


def test_domain_flags_unseen_element_size_and_dissimilar_solute(run_dir, module, training_pairs):
    inside = training_pairs[0]
    pairs = [("[Xe]", "O"), (CHAIN, "O"), (UNLIKE, "O"), inside, UNPARSABLE]
    frame = predict_pairs(module, [a for a, _ in pairs], [b for _, b in pairs], domain=load_domain(run_dir))
    xenon, chain, unlike, known, failed = (frame.loc[row] for row in range(5))
    assert xenon["unseen_elements"] == "Xe" and not xenon["in_domain"]
    assert chain["size_out_of_range"] and chain["unseen_elements"] == "" and not chain["in_domain"]
    assert not unlike["size_out_of_range"] and unlike["unseen_elements"] == ""
    assert unlike["low_similarity"] and unlike["nearest_similarity"] < 0.3 and not unlike["in_domain"]
    assert known["in_domain"] and known["nearest_similarity"] == 1.0
    assert not (known["low_similarity"] or known["size_out_of_range"]) and known["unseen_elements"] == ""
    assert failed["error"] and pd.isna(failed["in_domain"]) and np.isnan(failed["nearest_similarity"])
    assert np.isfinite(frame.loc[:3, "prediction"]).all()

    strict = predict_pairs(module, [inside[0], UNLIKE], [inside[1], "O"], domain=load_domain(run_dir, min_similarity=0.0))
    assert strict["in_domain"].all()


def test_cli_single_pair_warns_outside_the_domain(run_dir, training_pairs, capsys):
    model = ["predict", "--model", str(run_dir)]
    assert main(model + ["--solute", "[Xe]", "--solvent", "O"]) == 0
    value, warning = capsys.readouterr().out.strip().splitlines()
    assert math.isfinite(float(value)) and warning.startswith("warning: outside the training domain")
    assert "elements never seen in training: Xe" in warning
    assert main(model + ["--solute", CHAIN, "--solvent", "O"]) == 0
    assert "heavy-atom count outside the training range" in capsys.readouterr().out
    solute, solvent = training_pairs[0]
    assert main(model + ["--solute", solute, "--solvent", solvent]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 1


def test_run_without_domain_still_predicts(run_dir, pairs_csv, tmp_path, caplog):
    older = tmp_path / "older-run"
    older.mkdir()
    shutil.copy(run_dir / "best.ckpt", older)
    with caplog.at_level(logging.WARNING, logger="molpair"):
        frame = predict_file([older], pairs_csv, tmp_path / "preds.csv", solute_column="solute", solvent_column="solvent")
    assert np.isfinite(frame.loc[[0, 2, 4], "prediction"]).all()
    assert frame["in_domain"].isna().all() and frame["nearest_similarity"].isna().all()
    assert (frame["unseen_elements"] == "").all()
    assert [record.message for record in caplog.records].count(
        f"{older} has no {DOMAIN_FILE} (trained before runs stored their domain): predictions carry no domain flags"
    ) == 1
