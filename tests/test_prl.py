"""PRL: ensemble signals (contacts, outcomes), the model's terms, and one training fold with an ensemble."""

import logging
import time

import numpy as np
import pandas as pd
import pytest
import torch

from conftest import alkanol_rows, write_embedded_ensemble, write_pair_set
from molpair.config import ENSEMBLE_MODELS, validate
from molpair.data.ensembles import OUTCOME_NAMES, PairEnsemble, outcome_scaler, pair_ensemble, read_ensembles
from molpair.data.graphs import attach_ensemble, make_pair, mol_graph, pair_loader
from molpair.models import MODELS, build_model
from molpair.train import train_fold
from molpair.train.run import EpochSummary

# Methanol (C, O, then 4 H) and water (O, 2 H); water's O sits 2.0 Å from methanol's hydroxyl H.
METHANOL = ["C", "O", "H", "H", "H", "H"]
METHANOL_XYZ = [[0, 0, 0], [1.43, 0, 0], [-0.36, 1.03, 0], [-0.36, -0.51, 0.89], [-0.36, -0.51, -0.89], [1.75, 0.9, 0]]
WATER_NEAR = [[3.2, 2.3, 0], [3.8, 2.9, 0.5], [2.9, 3.0, -0.6]]
WATER_FAR = [[12.0, 0, 0], [12.6, 0.7, 0], [12.6, -0.7, 0]]


def _row(water, status="ok", elements=None, e_int=-5.0, gap=7.0):
    return {
        "pair_id": "p", "status": status, "elements": elements or METHANOL + ["O", "H", "H"],
        "n_solute_atoms": 6, "coords_opt": METHANOL_XYZ + water, "e_int": e_int, "gap": gap,
    }


def test_contacts_credit_hydrogens_to_their_atom_and_average_over_samples():
    samples = pd.DataFrame(
        [
            _row(WATER_NEAR, e_int=-5.0),
            _row(WATER_FAR, e_int=0.0),
            _row(WATER_NEAR, status="not_converged"),
            _row(WATER_NEAR, elements=["C"] * 9),  # atoms that do not match the SMILES
        ]
    )
    ensemble = pair_ensemble(samples, "CO", "O", {"CO": 8.0, "O": 9.0})
    assert ensemble.outcomes.shape == (2, len(OUTCOME_NAMES))
    # Contacts: the hydroxyl H (bonded to O, node 1) touches water's O in one of two samples; the
    # methyl H and C are further than vdW sum + 0.5 Å. The distribution is normalized over the map.
    np.testing.assert_allclose(ensemble.contacts, [[0.0], [1.0]])
    near, far = ensemble.outcomes
    assert near[0] == -5.0 and near[1] == pytest.approx(7.0 - 8.0)
    assert near[2] == 1 and near[3] == 0.5 and near[4] == 1.0
    assert near[5] == pytest.approx(np.linalg.norm(np.subtract(WATER_NEAR[0], METHANOL_XYZ[5])))
    assert far[2] == 0 and far[5] > 9


def test_pairs_without_usable_samples_have_no_ensemble():
    samples = pd.DataFrame([_row(WATER_NEAR, status="crashed")])
    assert pair_ensemble(samples, "CO", "O", {}) is None


def test_outcome_scaler_uses_only_the_given_pairs():
    samples = pd.DataFrame([_row(WATER_NEAR, e_int=-4.0), _row(WATER_FAR, e_int=-2.0)])
    ensembles = {"a": pair_ensemble(samples, "CO", "O", {}), "b": pair_ensemble(samples.iloc[:1], "CO", "O", {})}
    ensembles["b"].outcomes[:, 0] = 100.0
    mean, std = outcome_scaler(ensembles, ["a"])
    assert mean[0] == pytest.approx(-3.0) and std[0] == pytest.approx(1.0)
    assert mean[1] == 0.0 and std[1] == 1.0  # gap shifts unknown without monomer gaps


def _ensemble_batch(specs, with_ensemble):
    """A batch whose pairs carry ensembles: contacts on the first solute atom row, two samples each."""
    items = []
    for index, ((solute, solvent), has) in enumerate(zip(specs, with_ensemble)):
        item = make_pair(mol_graph(solute), mol_graph(solvent), float(index), f"p{index}")
        shape = (item.x_solute.size(0), item.x_solvent.size(0))
        contacts = np.zeros(shape, dtype=np.float32)
        contacts[0] = 1.0 / shape[1]
        outcomes = np.array([[index, 0, 1, 0.5, 1, 2.5], [index + 0.5, 0, 2, 0.5, 1, 2.4]])
        ensemble = PairEnsemble(contacts, outcomes) if has else None
        attach_ensemble(item, ensemble, np.zeros(len(OUTCOME_NAMES)), np.ones(len(OUTCOME_NAMES)))
        items.append(item)
    return next(iter(pair_loader(items, batch_size=len(items))))


SPECS = [("CCO", "O"), ("c1ccccc1", "CCO"), ("[Cl-]", "O"), ("CC(=O)O", "ClC(Cl)Cl")]


def test_batch_carries_outcomes_and_ensemble_mask():
    batch = _ensemble_batch(SPECS, [True, True, False, True])
    assert batch.has_ensemble.tolist() == [True, True, False, True]
    assert batch.outcomes_batch.tolist() == [0, 0, 1, 1, 3, 3]
    assert batch.outcomes[:, 0].tolist() == [0, 0.5, 1, 1.5, 3, 3.5]


@pytest.fixture
def prl():
    torch.manual_seed(0)
    return build_model("prl", {"hidden_dim": 16, "num_layers": 2, "dropout": 0.0, "latent_dim": 8})


def test_prediction_needs_only_graphs_and_is_order_invariant(prl):
    prl.eval()
    pairs = [make_pair(mol_graph(a), mol_graph(b), 0.0, f"p{i}") for i, (a, b) in enumerate(SPECS)]
    with torch.no_grad():
        mean, variance = prl.predict_distribution(next(iter(pair_loader(pairs, batch_size=4))))
        alone = [prl.predict_distribution(b) for b in pair_loader(pairs, batch_size=1)]
    torch.testing.assert_close(torch.cat([m for m, _ in alone]), mean, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(torch.cat([v for _, v in alone]), variance, atol=1e-5, rtol=1e-5)
    assert torch.all(variance > 0)


def test_without_ensemble_terms_prl_is_cigin_plus_the_latent():
    """The no-ensemble ablation has CIGIN's encoder and head, with the Gaussian latent between them."""
    cigin = build_model("cigin", {"hidden_dim": 16, "num_layers": 2})
    bare = build_model("prl_no_ensemble", {"hidden_dim": 16, "num_layers": 2, "latent_dim": 8})
    assert not bare.uses_ensembles
    shapes = lambda module: {k: v.shape for k, v in module.state_dict().items()}  # noqa: E731
    assert shapes(bare.encoder) == shapes(cigin.encoder)
    assert [layer.in_channels for layer in bare.head.lins][1:] == [layer.in_channels for layer in cigin.head.lins][1:]
    assert bare.to_latent.in_features == cigin.head.lins[0].in_channels


def test_the_bottleneck_costs_the_same_whatever_the_latent_width():
    """β weighs the KL per latent dimension: a latent 32 times wider, each dimension alike, pays the same."""
    from molpair.models.prl import standard_normal_kl

    mu, log_var = torch.tensor([[0.5, -1.0]]), torch.tensor([[-6.0, 0.0]])
    per_dim = 0.5 * (log_var.exp() + mu**2 - 1 - log_var)
    torch.testing.assert_close(standard_normal_kl(mu, log_var), per_dim.mean(dim=1))
    torch.testing.assert_close(standard_normal_kl(mu.repeat(1, 32), log_var.repeat(1, 32)), per_dim.mean(dim=1))


def test_beta_follows_fit_weighs_the_kl_by_the_batch_squared_error():
    """With beta_follows_fit the KL's weight is beta times the batch's squared error: the loss, less the
    target terms, is beta x mse x kl (beta x kl without it)."""
    settings = {"hidden_dim": 16, "num_layers": 2, "latent_dim": 8, "beta": 0.5}
    batch, target = _ensemble_batch(SPECS, [False] * 4), torch.tensor([3.0, -2.0, 1.0, 4.0])
    for follows in (False, True):
        torch.manual_seed(0)
        model = build_model("prl_no_ensemble", {**settings, "beta_follows_fit": follows}).train()
        loss, parts = model.loss(batch, target)
        weight = 0.5 * parts["mse"] if follows else 0.5
        torch.testing.assert_close(loss - parts["mse"] - parts["nll"], weight * parts["kl"])
        assert parts["mse"] > 1  # a loose fit: the two weights differ


def test_the_variance_likelihood_reaches_only_the_variance_head():
    """The variance is fitted from z held fixed: its likelihood leaves the encoder and the mean's head alone."""
    torch.manual_seed(0)
    model = build_model("prl_no_ensemble", {"hidden_dim": 16, "num_layers": 2, "latent_dim": 8})
    model.train()
    _, parts = model.loss(_ensemble_batch(SPECS, [False] * 4), torch.randn(4))
    parts["nll"].backward()
    touched = {name.split(".")[0] for name, p in model.named_parameters() if p.grad is not None and p.grad.abs().sum() > 0}
    assert touched == {"variance_head"}


def test_loss_terms_and_masking(prl):
    prl.train()
    batch = _ensemble_batch(SPECS, [True, True, False, True])
    loss, parts = prl.loss(batch, torch.zeros(4))
    assert set(parts) == {"mse", "nll", "kl", "distribution", "distill", "teacher_mse", "teacher_kl"}
    assert torch.isfinite(loss) and parts["distill"] >= 0 and parts["kl"] >= 0
    none = _ensemble_batch(SPECS, [False] * 4)
    _, parts = prl.loss(none, torch.zeros(4))
    assert parts["distribution"] == 0 and "distill" not in parts


def test_unlabeled_pairs_train_only_the_ensemble_terms(prl):
    """A NaN target (an unlabeled pair of a label-scarce run) leaves the target terms; its ensemble terms stay."""
    prl.train()
    batch = _ensemble_batch(SPECS, [True] * 4)
    torch.manual_seed(1)
    _, labeled = prl.loss(batch, torch.tensor([0.0, 1.0, 2.0, 3.0]))
    torch.manual_seed(1)
    _, half = prl.loss(batch, torch.tensor([0.0, float("nan"), 2.0, float("nan")]))
    assert all(torch.isfinite(value) for value in half.values())
    assert half["distribution"] == labeled["distribution"] and half["distill"] == labeled["distill"]
    assert half["mse"] != labeled["mse"]
    _, none = prl.loss(batch, torch.full((4,), float("nan")))
    assert none["mse"] == 0 and none["teacher_mse"] == 0 and none["distribution"] > 0


def test_distribution_heads_learn_each_pairs_sample_distribution(prl):
    prl.train()
    batch = _ensemble_batch(SPECS, [True] * 4)
    optimizer = torch.optim.Adam(prl.parameters(), lr=0.003)
    for _ in range(300):
        _, parts = prl.loss(batch, torch.zeros(4))
        optimizer.zero_grad()
        parts["distribution"].backward()
        optimizer.step()
    prl.eval()
    with torch.no_grad():
        _, mu, _ = prl._latent(batch)
        mean, log_var = prl.distribution_head(mu).chunk(2, dim=1)
    # e_int samples of pair i are i and i + 0.5: mean i + 0.25, spread 0.25.
    np.testing.assert_allclose(mean[:, 0].numpy(), [0.25, 1.25, 2.25, 3.25], atol=0.15)
    np.testing.assert_allclose((0.5 * log_var[:, 0]).exp().numpy(), 0.25, atol=0.15)


def test_distillation_pulls_the_graph_latent_toward_the_ensemble_posterior(prl):
    """Moving only the latent layer, the distillation term brings μ onto the posterior's mean; the
    ensemble encoder, trained on its own terms, learns the targets from the sample outcomes."""
    prl.train()
    batch = _ensemble_batch(SPECS, [True] * 4)
    latent_only = torch.optim.Adam(prl.to_latent.parameters(), lr=0.01)
    first = float(prl.loss(batch, torch.arange(4.0))[1]["distill"])
    for _ in range(200):
        _, parts = prl.loss(batch, torch.arange(4.0))
        latent_only.zero_grad()
        parts["distill"].backward()
        latent_only.step()
    assert float(parts["distill"]) < 0.05 * first
    teacher = torch.optim.Adam([*prl.sample_encoder.parameters(), *prl.posterior.parameters()], lr=0.01)
    for _ in range(200):
        _, parts = prl.loss(batch, torch.arange(4.0))
        teacher.zero_grad()
        parts["teacher_mse"].backward()
        teacher.step()
    assert float(parts["teacher_mse"]) < 0.1


def test_ablations_switch_their_terms_off():
    models = {name: {} for name in MODELS if name.startswith("prl")}
    config = validate({"datasets": {"freesolv": {}}, "pretrain": {"pairs": 1}, "models": models})
    for name, model_config in config["models"].items():
        model = build_model(name, model_config)
        assert model.uses_ensembles == (name in ENSEMBLE_MODELS), name
    assert build_model("prl_no_distribution", config["models"]["prl_no_distribution"]).distribution_weight == 0
    assert build_model("prl_no_distillation", config["models"]["prl_no_distillation"]).distillation_weight == 0


@pytest.fixture(scope="module")
def alkanol_ensemble(tmp_path_factory):
    """The conftest alkanol set with an ensemble for half its pairs: 2 samples of embedded (unoptimized) complexes."""
    root = tmp_path_factory.mktemp("prl")
    write_pair_set(root, alkanol_rows(), ["train"] * 32 + ["val"] * 4 + ["test"] * 4)
    write_embedded_ensemble(root, every=2)
    return root


def test_train_fold_with_an_ensemble(alkanol_ensemble, tmp_path):
    root = alkanol_ensemble
    train_config = {
        "folds": None, "repeats": 1, "seed": 0, "max_epochs": 3, "patience": 3, "batch_size": 8,
        "lr": 0.003, "weight_decay": 0.0, "accelerator": "cpu", "devices": 1, "num_workers": 0,
    }
    model_config = validate({"datasets": {"freesolv": {}}, "models": {"prl": {"hidden_dim": 16, "num_layers": 2}}})
    metrics = train_fold(
        root / "pairs.parquet", root / "splits.parquet", 0, 0, "prl", model_config["models"]["prl"],
        train_config, tmp_path, ensemble_path=root / "ensemble.parquet",
    )
    assert 10 <= metrics["n_with_ensemble"] <= 22 and metrics["n_train"] == 32
    predictions = pd.read_parquet(tmp_path / "predictions.parquet")
    assert np.isfinite(predictions["y_std"]).all() and (predictions["y_std"] > 0).all()
    logged = pd.read_csv(tmp_path / "logs" / "metrics.csv")
    assert {"train_distribution", "train_distill", "train_kl", "train_nll"} <= set(logged.columns)
    assert len(read_ensembles(root / "ensemble.parquet", pd.read_parquet(root / "pairs.parquet"))) == 20


def test_training_can_use_a_share_of_the_computed_ensembles(alkanol_ensemble, tmp_path):
    root = alkanol_ensemble
    train_config = {
        "folds": None, "repeats": 1, "seed": 0, "max_epochs": 1, "patience": 1, "batch_size": 8,
        "lr": 0.003, "weight_decay": 0.0, "accelerator": "cpu", "devices": 1, "num_workers": 0,
    }
    pairs = pd.read_parquet(root / "pairs.parquet")
    share = set(pairs.pair_id.iloc[::4])  # every 4th pair; every 2nd has an ensemble
    metrics = train_fold(
        root / "pairs.parquet", root / "splits.parquet", 0, 0, "prl", {"hidden_dim": 8, "num_layers": 1},
        train_config, tmp_path, ensemble_path=root / "ensemble.parquet", ensemble_pair_ids=share,
    )
    splits = pd.read_parquet(root / "splits.parquet")
    train_ids = set(splits.pair_id[(splits.fold == 0) & (splits.role == "train")])
    assert metrics["n_with_ensemble"] == len(share & train_ids) > 0


def test_with_scarce_labels_only_ensemble_models_keep_the_unlabeled_pairs(alkanol_ensemble, tmp_path):
    """label_share 0.25: the same seeded labeled pairs for every model; PRL also trains on the unlabeled
    training pairs that have an ensemble, the other models never see them; test pairs stay labeled."""
    root = alkanol_ensemble
    train_config = {
        "folds": None, "repeats": 1, "seed": 0, "max_epochs": 1, "patience": 1, "batch_size": 8,
        "lr": 0.003, "weight_decay": 0.0, "accelerator": "cpu", "devices": 1, "num_workers": 0, "label_share": 0.25,
    }
    runs = {
        model: train_fold(
            root / "pairs.parquet", root / "splits.parquet", 0, 0, model, {"hidden_dim": 8, "num_layers": 1},
            train_config, tmp_path / model, ensemble_path=root / "ensemble.parquet",
        )
        for model in ("prl", "cigin")
    }
    assert runs["prl"]["n_train"] == runs["cigin"]["n_train"] == 8 and runs["cigin"]["n_unlabeled"] == 0
    assert runs["prl"]["n_unlabeled"] == runs["prl"]["n_with_ensemble"] - len(
        set(pd.read_parquet(tmp_path / "prl" / "predictions.parquet").query("role == 'train'").pair_id)
        & set(read_ensembles(root / "ensemble.parquet", pd.read_parquet(root / "pairs.parquet")))
    ) > 0
    predicted = {model: pd.read_parquet(tmp_path / model / "predictions.parquet") for model in runs}
    for table in predicted.values():
        assert table.role.value_counts().to_dict() == {"train": 8, "val": 1, "test": 4}
        assert table.y_true.notna().all()
    assert set(predicted["prl"].pair_id) == set(predicted["cigin"].pair_id)


def test_ensemble_model_without_ensemble_fails_clearly(alkanol_ensemble, tmp_path):
    root = alkanol_ensemble
    with pytest.raises(FileNotFoundError, match="trains on the QM ensemble"):
        train_fold(
            root / "pairs.parquet", root / "splits.parquet", 0, 0, "prl", {}, {"seed": 0}, tmp_path,
            ensemble_path=root / "missing.parquet",
        )


def _train_alkanols(root, out, **changes):
    """A 4-epoch PRL run on the alkanol ensemble (dropout on, so random state matters); `changes` override
    the training settings."""
    train_config = {
        "folds": None, "repeats": 1, "seed": 0, "max_epochs": 4, "patience": 10, "batch_size": 8,
        "lr": 0.003, "weight_decay": 0.0, "accelerator": "cpu", "devices": 1, "num_workers": 0,
    }
    model_config = validate({"datasets": {"freesolv": {}}, "models": {"prl": {"hidden_dim": 16, "num_layers": 2}}})
    model_config = model_config["models"]["prl"]
    assert model_config["dropout"] > 0
    return train_fold(
        root / "pairs.parquet", root / "splits.parquet", 0, 0, "prl", model_config,
        {**train_config, **changes}, out, ensemble_path=root / "ensemble.parquet",
    )


def test_interrupted_training_resumes_exactly(alkanol_ensemble, tmp_path):
    """A run stopped after 2 epochs and rerun with a cap of 4 ends as an uninterrupted 4-epoch run; any
    other settings change starts over."""

    def train(out, **changes):
        return _train_alkanols(alkanol_ensemble, out, **changes)

    whole = train(tmp_path / "whole")
    first = train(tmp_path / "split", max_epochs=2)
    assert (first["resumed_after_epoch"], first["epochs_run"]) == (0, 2)
    resumed = train(tmp_path / "split", deterministic=False)  # how it runs: still resumes
    assert (resumed["resumed_after_epoch"], resumed["epochs_run"]) == (2, 4)
    expected = pd.read_parquet(tmp_path / "whole" / "predictions.parquet")
    got = pd.read_parquet(tmp_path / "split" / "predictions.parquet")
    np.testing.assert_allclose(got["y_pred"], expected["y_pred"], rtol=1e-6)
    assert resumed["test_rmse"] == pytest.approx(whole["test_rmse"], rel=1e-6)
    curves = pd.read_csv(tmp_path / "split" / "logs" / "metrics.csv").dropna(subset=["val_loss"])
    assert curves["epoch"].tolist() == [0, 1, 2, 3]
    # The LR schedule counted every epoch, the one before the interruption included (the checkpoint of
    # epoch 3 is written before its own step: 3 steps).
    schedules = [
        torch.load(tmp_path / run / "last.ckpt", weights_only=False)["lr_schedulers"] for run in ("whole", "split")
    ]
    assert schedules[1] == schedules[0] and schedules[0][0]["last_epoch"] == 3

    changed = train(tmp_path / "split", lr=0.001)
    assert changed["resumed_after_epoch"] == 0 and changed["epochs_run"] == 4
    curves = pd.read_csv(tmp_path / "split" / "logs" / "metrics.csv").dropna(subset=["val_loss"])
    assert curves["epoch"].tolist() == [0, 1, 2, 3]

    stopped = train(tmp_path / "stopped", patience=1, max_epochs=30)
    assert stopped["epochs_run"] < 30  # early stopping ended it
    again = train(tmp_path / "stopped", patience=1, max_epochs=60)
    assert again["resumed_after_epoch"] == again["epochs_run"] == stopped["epochs_run"]
    assert again["test_rmse"] == stopped["test_rmse"]
    assert again["seconds"] == stopped["seconds"]  # the training's time, not the re-evaluation's

    # A finished run moved elsewhere (scratch to project space) still reads its own best checkpoint.
    (tmp_path / "stopped").rename(tmp_path / "moved")
    moved = train(tmp_path / "moved", patience=1, max_epochs=60)
    assert moved["resumed_after_epoch"] == stopped["epochs_run"] and moved["test_rmse"] == stopped["test_rmse"]

    (tmp_path / "split" / "last.ckpt").write_bytes(b"cut short")
    assert train(tmp_path / "split", lr=0.001)["resumed_after_epoch"] == 0


def test_a_resumed_run_killed_again_keeps_its_earlier_curves(alkanol_ensemble, tmp_path, monkeypatch, caplog):
    """Slurm's time limit can end every part of a long run: each part's curves stay in metrics.csv, its log
    in train.log, and its time counts every part."""
    caplog.set_level(logging.INFO)
    first = _train_alkanols(alkanol_ensemble, tmp_path, max_epochs=2)
    summary = EpochSummary.on_train_epoch_end

    def killed_in_epoch_3(self, trainer, pl_module):
        summary(self, trainer, pl_module)
        if trainer.current_epoch == 2:
            raise RuntimeError("killed")

    with monkeypatch.context() as patched:
        patched.setattr(EpochSummary, "on_train_epoch_end", killed_in_epoch_3)
        with pytest.raises(RuntimeError, match="killed"):
            _train_alkanols(alkanol_ensemble, tmp_path)
    validated = pd.read_csv(tmp_path / "logs" / "metrics.csv").dropna(subset=["val_loss"])
    assert validated["epoch"].tolist()[:2] == [0, 1]
    before = torch.load(tmp_path / "last.ckpt", weights_only=False)["callbacks"]["RunClock"]["seconds"]
    assert 0 < before < first["seconds"]
    started = time.perf_counter()
    finished = _train_alkanols(alkanol_ensemble, tmp_path)
    last_call = time.perf_counter() - started
    assert finished["resumed_after_epoch"] == 2 and finished["epochs_run"] == 4  # epoch 3 died before its checkpoint
    validated = pd.read_csv(tmp_path / "logs" / "metrics.csv").dropna(subset=["val_loss"])
    assert validated["epoch"].tolist() == [0, 1, 2, 3]
    # The run's time counts the first part up to its checkpoint as well as the last call.
    assert finished["seconds"] > before + 2 * finished["seconds_per_epoch"]
    assert last_call < finished["seconds"] <= before + last_call  # the last call alone would be below it
    # Each part's log, in order: the first (epochs 1-2, finished), the killed one and the last.
    parts = (tmp_path / "train.log").read_text()
    assert parts.count("epoch 1:") == 1 and parts.count("resuming from") == 2 and parts.count("test_rmse=") == 2
    assert parts.index("epoch 2:") < parts.index("resuming from") < parts.index("epoch 3:") < parts.index("epoch 4:")


def test_predictive_std_is_recalibrated_on_the_validation_half(alkanol_ensemble, tmp_path):
    """After training, the validation residuals in units of y_std have unit mean square, and a run loaded
    for prediction gives the same, scaled, y_std as predictions.parquet."""
    from molpair.train.predict import load_predictor, load_run, predict_pairs

    root = alkanol_ensemble
    train_config = {
        "folds": None, "repeats": 1, "seed": 0, "max_epochs": 3, "patience": 3, "batch_size": 8,
        "lr": 0.003, "weight_decay": 0.0, "accelerator": "cpu", "devices": 1, "num_workers": 0,
    }
    metrics = train_fold(
        root / "pairs.parquet", root / "splits.parquet", 0, 0, "prl", {"hidden_dim": 16, "num_layers": 2},
        train_config, tmp_path, ensemble_path=root / "ensemble.parquet",
    )
    assert metrics["std_scale"] > 0
    predictions = pd.read_parquet(tmp_path / "predictions.parquet")
    val = predictions[predictions.role == "val"]
    assert np.mean(((val.y_true - val.y_pred) / val.y_std) ** 2) == pytest.approx(1.0, rel=1e-4)
    test = predictions[predictions.role == "test"].merge(pd.read_parquet(root / "pairs.parquet"), on="pair_id")
    again = predict_pairs(load_run(tmp_path), list(test.solute_smiles), list(test.solvent_smiles))
    np.testing.assert_allclose(again.uncertainty, test.y_std, rtol=1e-4)
    np.testing.assert_allclose(again.prediction, test.y_pred, rtol=1e-5)
    # The run's ONNX graph (what `molpair predict` uses) gives the same mean and recalibrated std.
    exported = predict_pairs(load_predictor(tmp_path), list(test.solute_smiles), list(test.solvent_smiles))
    assert (tmp_path / "model.onnx").is_file()
    np.testing.assert_allclose(exported.uncertainty, test.y_std, rtol=1e-4)
    np.testing.assert_allclose(exported.prediction, test.y_pred, rtol=1e-5, atol=1e-5)
