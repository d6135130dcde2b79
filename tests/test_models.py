"""Pair batching and the CIGIN model."""

import pandas as pd
import pytest
import torch

from molpair.data.graphs import PairGraphDataset, make_pair, mol_graph, pair_loader
from molpair.models import MODELS, build_model, full_model_config


def _pairs(specs):
    return [make_pair(mol_graph(a), mol_graph(b), float(i), f"p{i}") for i, (a, b) in enumerate(specs)]


SPECS = [("CCO", "O"), ("c1ccccc1", "CCO"), ("[Cl-]", "O"), ("CC(=O)O", "ClC(Cl)Cl")]


def test_batch_of_two_pairs_increments_indices():
    batch = next(iter(pair_loader(_pairs([("CCO", "O"), ("CCCC", "CO")]), batch_size=2)))
    assert batch.x_solute_batch.tolist() == [0, 0, 0, 1, 1, 1, 1]
    assert batch.x_solvent_batch.tolist() == [0, 1, 1]
    # second solute's edges point at its own atoms 3..6, second solvent's at 1..2
    solute_edges = batch.edge_index_solute[:, 4:]
    assert solute_edges.min() == 3 and solute_edges.max() == 6
    assert batch.edge_index_solvent.tolist() == [[1, 2], [2, 1]]
    assert batch.pair_id == ["p0", "p1"]
    assert batch.y.tolist() == [0.0, 1.0]


def test_dataset_skips_bad_smiles():
    frame = pd.DataFrame(
        {
            "pair_id": ["a", "b", "c"],
            "solute_smiles": ["CCO", "C1CC", "CO"],
            "solvent_smiles": ["O", "O", "O"],
            "target": [1.0, 2.0, 3.0],
        }
    )
    dataset = PairGraphDataset(frame)
    assert len(dataset) == 2
    assert list(dataset.skipped) == ["b"]
    assert dataset.targets.tolist() == [1.0, 3.0]


@pytest.fixture
def model():
    torch.manual_seed(0)
    return build_model("cigin", {"hidden_dim": 16, "num_layers": 2, "dropout": 0.1}).eval()


def test_registry():
    assert "cigin" in MODELS
    with pytest.raises(KeyError):
        build_model("nope", {})


def test_cigin_forward_and_map(model):
    batch = next(iter(pair_loader(_pairs(SPECS), batch_size=4)))
    prediction, imap = model(batch, return_map=True)
    assert prediction.shape == (4,)
    assert torch.isfinite(prediction).all()
    assert imap.values.shape == (4, 6, 4)  # benzene has 6 atoms; chloroform 4
    assert imap.solute_mask.sum(1).tolist() == [3, 6, 1, 4]
    assert imap.solvent_mask.sum(1).tolist() == [1, 3, 1, 4]
    assert imap.pair(2).shape == (1, 1)
    padding = ~(imap.solute_mask.unsqueeze(2) & imap.solvent_mask.unsqueeze(1))
    assert torch.all(imap.values[padding] == 0)
    assert torch.all(imap.values.abs() <= 1)
    assert torch.equal(model(batch), prediction)


def test_predictions_invariant_to_pair_order(model):
    pairs = _pairs(SPECS)
    order = [2, 0, 3, 1]
    with torch.no_grad():
        straight = model(next(iter(pair_loader(pairs, batch_size=4))))
        shuffled = model(next(iter(pair_loader([pairs[i] for i in order], batch_size=4))))
        alone = torch.cat([model(b) for b in pair_loader(pairs, batch_size=1)])
    torch.testing.assert_close(shuffled, straight[order], atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(alone, straight, atol=1e-5, rtol=1e-5)


def test_the_map_scales_dot_products_by_the_root_of_the_width(model):
    batch = next(iter(pair_loader(_pairs(SPECS), batch_size=4)))
    encoder = model.encoder
    with torch.no_grad():
        solute = encoder.solute_encoder(batch.x_solute, batch.edge_index_solute, batch.edge_attr_solute)
        solvent = encoder.solvent_encoder(batch.x_solvent, batch.edge_index_solvent, batch.edge_attr_solvent)
        imap = encoder.conditioned(batch).interaction
    benzene, ethanol = solute[batch.x_solute_batch == 1], solvent[batch.x_solvent_batch == 1]
    torch.testing.assert_close(imap.pair(1), torch.tanh(benzene @ ethanol.T / 16**0.5))


def test_a_checkpoint_from_before_the_scaled_map_loads_unscaled(tmp_path):
    from molpair.train.trained import TrainedModel

    config = {"hidden_dim": 16, "num_layers": 2, "dropout": 0.0}
    torch.manual_seed(0)
    old = TrainedModel("cigin", {**config, "scaled_interaction": False}, y_mean=1.0, y_std=2.0).eval()
    path = tmp_path / "old.ckpt"
    hyper_parameters = {"model_name": "cigin", "model_config": config, "y_mean": 1.0, "y_std": 2.0}
    torch.save({"hyper_parameters": hyper_parameters, "state_dict": old.state_dict()}, path)
    batch = next(iter(pair_loader(_pairs(SPECS), batch_size=4)))
    loaded = TrainedModel.from_checkpoint(path)
    scaled = TrainedModel("cigin", config, y_mean=1.0, y_std=2.0).eval()
    scaled.load_state_dict(old.state_dict())
    with torch.no_grad():
        torch.testing.assert_close(loaded(batch), old(batch))
        assert not torch.allclose(scaled(batch), old(batch))


def test_a_full_model_config_names_every_setting_with_its_default():
    config = full_model_config("prl_no_ensemble", {"hidden_dim": 8})
    assert config["hidden_dim"] == 8 and config["scaled_interaction"] is True
    assert config["distribution_weight"] == 0.0 and config["set2set_steps"] == 2
    assert full_model_config("attentivefp", {}) == {"hidden_dim": 64, "num_layers": 3, "dropout": 0.1, "num_timesteps": 2}
