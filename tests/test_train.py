"""One fold of training end to end on a tiny synthetic set with an easy target (carbon count)."""

import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import torch

from conftest import alkanol_rows, write_pair_set
from molpair.data.graphs import PairGraphDataset, write_graph_file
from molpair.train import PairRegressor, train_fold
from molpair.train.module import warmup_cosine

TRAIN_CONFIG = {
    "folds": None, "repeats": 1, "seed": 0, "max_epochs": 15, "patience": 15, "batch_size": 8,
    "lr": 0.003, "weight_decay": 0.0, "accelerator": "cpu", "devices": 1, "num_workers": 0,
}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """40 alkanes/alcohols in water/ethanol, target = solute carbons; plus one unparsable solute."""
    root = tmp_path_factory.mktemp("data")
    rows = alkanol_rows() + [("C1CC", "O", 3.0)]
    write_pair_set(root, rows, ["train"] * 32 + ["val"] * 4 + ["test"] * 4 + ["train"], keep_last=1)
    pairs = pd.read_parquet(root / "pairs.parquet")
    return root, pairs


@pytest.fixture(scope="module")
def run(dataset, tmp_path_factory):
    root, _ = dataset
    out = tmp_path_factory.mktemp("run")
    model_config = {"hidden_dim": 32, "num_layers": 2, "dropout": 0.0}
    metrics = train_fold(
        root / "pairs.parquet", root / "splits.parquet", 0, 0, "cigin", model_config, TRAIN_CONFIG, out
    )
    return out, metrics


def test_outputs_written(run):
    out, metrics = run
    assert (out / "best.ckpt").exists()
    assert (out / "logs" / "metrics.csv").exists()
    assert json.loads((out / "metrics.json").read_text()) == metrics
    schema = pq.read_schema(out / "predictions.parquet")
    assert [(f.name, str(f.type)) for f in schema] == [
        ("pair_id", "string"), ("role", "string"), ("y_true", "double"), ("y_pred", "double"), ("y_std", "double")
    ]
    predictions = pd.read_parquet(out / "predictions.parquet")
    assert predictions["role"].value_counts().to_dict() == {"train": 32, "val": 4, "test": 4}
    assert (metrics["n_train"], metrics["n_val"], metrics["n_test"], metrics["n_skipped"]) == (32, 4, 4, 1)
    assert metrics["seed"] == 0 and 1 <= metrics["best_epoch"] <= metrics["epochs_run"] <= 15
    assert metrics["collapses"] == 0


def test_training_beats_the_mean(run, dataset):
    out, metrics = run
    predictions = pd.read_parquet(out / "predictions.parquet")
    train_mean = predictions.loc[predictions.role == "train", "y_true"].mean()
    for role in ("val", "test"):
        rows = predictions[predictions.role == role]
        baseline = float(np.sqrt(np.mean((rows["y_true"] - train_mean) ** 2)))
        assert np.isfinite(metrics[f"{role}_rmse"])
        assert metrics[f"{role}_rmse"] < 0.5 * baseline, (role, metrics[f"{role}_rmse"], baseline)


def test_checkpoint_predicts_in_original_units(run):
    out, _ = run
    module = PairRegressor.load_from_checkpoint(out / "best.ckpt", map_location="cpu")
    assert module.hparams.y_mean == pytest.approx(float(module.y_mean))
    assert module.hparams.y_std > 1.0  # carbons 1..10 are far from unit-scaled


def test_warmup_cosine_rises_then_decays_to_its_floor():
    factors = [warmup_cosine(epoch, warmup_epochs=4, max_epochs=20) for epoch in range(25)]
    assert factors[:4] == pytest.approx([0.25, 0.5, 0.75, 1.0])
    assert all(later < earlier for earlier, later in zip(factors[4:20], factors[5:21]))
    assert factors[12] == pytest.approx(0.01 + 0.99 * 0.5)  # halfway through the decay
    assert factors[20:] == pytest.approx([0.01] * 5)


def test_cosine_schedule_runs_its_minimum_epochs_and_ends_at_the_floor(dataset, tmp_path):
    """patience 1 would stop after two epochs; min_epochs keeps it going, and the LR follows the curve."""
    root, _ = dataset
    settings = {**TRAIN_CONFIG, "max_epochs": 6, "min_epochs": 6, "patience": 1, "schedule": "cosine", "warmup_epochs": 2}
    metrics = train_fold(
        root / "pairs.parquet", root / "splits.parquet", 0, 0, "cigin", {"hidden_dim": 16, "num_layers": 1}, settings, tmp_path
    )
    assert metrics["epochs_run"] == 6
    state = torch.load(tmp_path / "last.ckpt", map_location="cpu", weights_only=False)
    final_lr = state["optimizer_states"][0]["param_groups"][0]["lr"]
    assert final_lr == pytest.approx(settings["lr"] * warmup_cosine(6, warmup_epochs=2, max_epochs=6))


def test_graph_file_gives_the_featurized_pairs_and_is_ignored_when_stale(dataset, tmp_path, caplog):
    root, pairs = dataset
    counts = write_graph_file(root / "pairs.parquet", tmp_path / "graphs.pt")
    assert counts == {"pairs": 41, "featurized": 40, "skipped": 1}
    subset = pairs.sample(frac=1.0, random_state=0).iloc[:30]  # a fold's rows, in another order
    fresh, cached = PairGraphDataset(subset), PairGraphDataset(subset, tmp_path / "graphs.pt")
    assert [item.pair_id for item in cached] == [item.pair_id for item in fresh]
    assert cached.skipped == fresh.skipped
    for a, b in zip(cached, fresh):
        assert torch.equal(a.x_solute, b.x_solute) and torch.equal(a.edge_attr_solvent, b.edge_attr_solvent)
        assert torch.equal(a.y, b.y)
    changed = subset.assign(target=subset["target"] + 1.0)
    with caplog.at_level("WARNING"):
        stale = PairGraphDataset(changed, tmp_path / "graphs.pt")
    assert "stale" in caplog.text
    assert [float(item.y) for item in stale] == pytest.approx(
        [t for pid, t in zip(changed.pair_id, changed.target) if pid not in fresh.skipped]
    )
