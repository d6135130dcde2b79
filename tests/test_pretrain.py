"""The pretrain stage: which unlabeled pairs it takes, what pretraining learns, and fine-tuning from it."""

import json

import numpy as np
import pandas as pd
import pytest
import torch
from rdkit import Chem

from conftest import alkanol_rows, write_embedded_ensemble, write_pair_set
from molpair.chem.molecules import pair_id
from molpair.config import ConfigError, ensemble_sets, factory_sets, pretrain_sources_error, pretrained_weights, validate
from molpair.data.ensembles import outcome_scaler, read_ensembles
from molpair.data.graphs import PairGraphDataset, attach_ensemble, pair_loader
from molpair.data.pretrain import choose_pairs
from molpair.models import build_model
from molpair.train import train_fold
from molpair.train.pretrain import pretrain

SETTINGS = {"pairs": 100, "solutes_from": None, "solvents_from": None, "max_heavy_atoms": None, "seed": 0}
MODEL = {"hidden_dim": 16, "num_layers": 2, "latent_dim": 8, "dropout": 0.0, "distribution_weight": 0.5, "distillation_weight": 0.0}
TRAIN = {
    "folds": None, "repeats": 1, "seed": 0, "max_epochs": 1, "patience": 5, "batch_size": 8,
    "lr": 0.003, "weight_decay": 0.0, "accelerator": "cpu", "devices": 1, "num_workers": 0,
}


def _pairs(rows):
    return pd.DataFrame(
        {
            "pair_id": [pair_id(a, b) for a, b in rows],
            "solute_smiles": [a for a, _ in rows],
            "solvent_smiles": [b for _, b in rows],
            "solute_charge": [-1 if "-" in a else 0 for a, _ in rows],
            "solvent_charge": 0,
        }
    )


LABELED = {
    "freesolv": _pairs([("CCO", "O"), ("c1ccccc1", "O")]),
    "mnsol": _pairs([("CCO", "CCCCCC"), ("[Cl-]", "CO"), ("CC(=O)O", "CO")]),
}


def test_pretraining_pairs_are_unlabeled_combinations_in_a_nested_seeded_order():
    pairs, summary = choose_pairs(LABELED, SETTINGS)
    # 4 solutes × 3 solvents, less the 5 labeled pairs.
    assert summary["candidates"] == len(pairs) == 12 - 5 and summary["labeled_pairs_excluded"] == 5
    labeled = {pid for table in LABELED.values() for pid in table.pair_id}
    assert not labeled & set(pairs.pair_id) and pairs.pair_id.is_unique
    assert pairs.target.isna().all()
    assert pairs.set_index("solute_smiles").loc["[Cl-]", "solute_charge"].eq(-1).all()
    fewer, _ = choose_pairs(LABELED, {**SETTINGS, "pairs": 3})
    assert list(fewer.pair_id) == list(pairs.pair_id[:3])  # raising the count only adds pairs
    other, _ = choose_pairs(LABELED, {**SETTINGS, "seed": 1})
    assert set(other.pair_id) == set(pairs.pair_id) and list(other.pair_id) != list(pairs.pair_id)


def test_sources_and_size_limit_choose_the_candidates():
    pairs, summary = choose_pairs(LABELED, {**SETTINGS, "solutes_from": ["freesolv"], "solvents_from": ["mnsol"]})
    assert set(pairs.solute_smiles) == {"CCO", "c1ccccc1"} and set(pairs.solvent_smiles) <= {"CCCCCC", "CO"}
    assert len(pairs) == 2 * 2 - 1  # ethanol in hexane is labeled
    small, _ = choose_pairs(LABELED, {**SETTINGS, "max_heavy_atoms": 4})
    assert len(small) > 0
    heavy = lambda smiles: Chem.MolFromSmiles(smiles).GetNumAtoms()  # noqa: E731
    sizes = [heavy(a) + heavy(b) for a, b in zip(small.solute_smiles, small.solvent_smiles)]
    assert max(sizes) <= 4 and len(small) < len(choose_pairs(LABELED, SETTINGS)[0])


def test_the_workflow_computes_only_the_ensembles_a_model_reads():
    baselines = validate({"datasets": {"freesolv": {}, "mnsol": {}}, "models": {"cigin": {}, "lightgbm": {}}})
    assert ensemble_sets(baselines) == [] and factory_sets(baselines) == ["freesolv", "mnsol"]
    with_prl = validate({"datasets": {"freesolv": {}, "mnsol": {}}, "models": {"cigin": {}, "prl_no_distillation": {}}})
    assert ensemble_sets(with_prl) == ["freesolv", "mnsol"]
    assert ensemble_sets(validate({"datasets": {"freesolv": {}}, "models": {"prl_no_ensemble": {}}})) == []


def test_config_checks_the_pretraining_settings():
    assert factory_sets(validate({"datasets": {"freesolv": {}}})) == ["freesolv"]
    config = validate({"datasets": {"freesolv": {}}, "pretrain": {"pairs": 10}, "models": {"prl_pretrained": {}}})
    assert factory_sets(config) == ["freesolv", "pretrain"]
    assert ensemble_sets(config) == ["freesolv", "pretrain"]
    with pytest.raises(ConfigError, match="needs pretrain.pairs"):
        validate({"datasets": {"freesolv": {}}, "models": {"prl_pretrained": {}}})
    with pytest.raises(ConfigError, match="distribution_weight"):
        validate({"datasets": {"freesolv": {}}, "pretrain": {"pairs": 10}, "models": {"prl_pretrained": {"distribution_weight": 0}}})
    elsewhere = validate({"datasets": {"freesolv": {}}, "pretrain": {"pairs": 10, "solvents_from": ["mnsol"]}})
    assert "pretrain.solvents_from: mnsol not among" in pretrain_sources_error(elsewhere)
    assert pretrain_sources_error(config) is None
    # Fine-tuning on another run's pretraining: no pretraining set here, that run's weights.
    borrowed = validate({"datasets": {"freesolv": {}}, "pretrain": {"from_results": "/runs/p"}, "models": {"prl_pretrained": {}}})
    assert factory_sets(borrowed) == ["freesolv"]
    assert ensemble_sets(borrowed) == ["freesolv"]
    assert str(pretrained_weights(borrowed, "prl_pretrained")) == "/runs/p/pretrain/models/prl_pretrained/weights.pt"
    assert str(pretrained_weights(config, "prl_pretrained")) == "results/pretrain/models/prl_pretrained/weights.pt"


@pytest.fixture(scope="module")
def pretrained(tmp_path_factory):
    """The alkanol pairs as a pretraining set (an ensemble for every pair), pretrained for 15 epochs."""
    root = tmp_path_factory.mktemp("pretrain")
    write_pair_set(root, alkanol_rows(), ["train"] * 32 + ["val"] * 4 + ["test"] * 4)
    write_embedded_ensemble(root)
    settings = {"seed": 0, "val_fraction": 0.2, "max_epochs": 15, "patience": 15}
    metrics = pretrain(root / "pairs.parquet", root / "ensemble.parquet", None, "prl_pretrained", MODEL, settings, TRAIN, root / "out")
    return root, metrics


def _pretraining_loss(model, root) -> float:
    pairs = pd.read_parquet(root / "pairs.parquet")
    ensembles = read_ensembles(root / "ensemble.parquet", pairs)
    mean, std = outcome_scaler(ensembles, list(pairs.pair_id))
    dataset = PairGraphDataset(pairs)
    for item in dataset:
        attach_ensemble(item, ensembles[item.pair_id], mean, std)
    model.eval()
    with torch.no_grad():
        return float(model.pretraining_loss(next(iter(pair_loader(list(dataset), batch_size=len(dataset))))))


def test_pretraining_fits_the_ensembles_without_labels(pretrained):
    root, metrics = pretrained
    assert metrics["pairs"] == 40 and metrics["n_val"] == 8 and metrics["n_train"] == 32 and metrics["samples"] == 80
    assert 1 <= metrics["best_epoch"] <= metrics["epochs_run"] == 15
    curves = pd.read_csv(root / "out" / "logs" / "metrics.csv").dropna(subset=["val_loss"])
    assert curves.val_loss.min() < curves.val_loss.iloc[0]
    torch.manual_seed(0)
    model = build_model("prl_pretrained", MODEL)
    fresh = _pretraining_loss(model, root)
    model.load_state_dict(torch.load(root / "out" / "weights.pt", weights_only=True))
    assert _pretraining_loss(model, root) < 0.8 * fresh
    assert json.loads((root / "out" / "metrics.json").read_text())["best_val_loss"] == pytest.approx(metrics["best_val_loss"])


def test_fine_tuning_starts_from_the_pretrained_weights(pretrained, tmp_path):
    """With a negligible learning rate, the fine-tuned model keeps the pretrained encoder."""
    root, _ = pretrained
    weights = root / "out" / "weights.pt"
    still = {**TRAIN, "lr": 1e-12}
    metrics = train_fold(
        root / "pairs.parquet", root / "splits.parquet", 0, 0, "prl_pretrained", MODEL, still, tmp_path,
        ensemble_path=root / "ensemble.parquet", pretrained_path=weights,
    )
    assert metrics["n_with_ensemble"] == 32
    tuned = torch.load(tmp_path / "best.ckpt", map_location="cpu", weights_only=False)["state_dict"]
    for key, value in torch.load(weights, weights_only=True).items():
        if key.startswith("encoder."):
            np.testing.assert_allclose(tuned[f"model.{key}"].numpy(), value.numpy(), atol=1e-6, err_msg=key)
    with pytest.raises(FileNotFoundError, match="pretrained weights"):
        train_fold(
            root / "pairs.parquet", root / "splits.parquet", 0, 0, "prl_pretrained", MODEL, still, tmp_path / "x",
            ensemble_path=root / "ensemble.parquet", pretrained_path=root / "missing.pt",
        )
