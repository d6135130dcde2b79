"""The AttentiveFP and CGIB pair baselines."""

import pytest
import torch
from rdkit import Chem
from torch.distributions import Normal, kl_divergence

from molpair.config import validate
from molpair.data.graphs import make_pair, mol_graph, pair_loader
from molpair.models import build_model
from molpair.models.attentivefp import PairAttentiveFP
from molpair.models.cgib import CGIB, gaussian_kl, subgraph_kl

SPECS = [("CCO", "O"), ("c1ccccc1", "ClC(Cl)Cl"), ("[Cl-]", "O"), ("CC(=O)O", "CCO")]
TRAIN_SPECS = SPECS + [("CCCC", "CO"), ("CCCCCC", "O"), ("c1ccncc1", "CCO"), ("CCN", "ClC(Cl)Cl")]
SMALL = {"hidden_dim": 16, "num_layers": 2}
BASELINES = ["attentivefp", "cgib"]


def _pairs(specs, targets=None):
    targets = targets if targets is not None else [0.0] * len(specs)
    return [
        make_pair(mol_graph(solute), mol_graph(solvent), y, f"p{i}")
        for i, ((solute, solvent), y) in enumerate(zip(specs, targets))
    ]


def _batch(pairs):
    return next(iter(pair_loader(pairs, batch_size=len(pairs))))


def _model(name, **overrides):
    torch.manual_seed(0)
    return build_model(name, {**SMALL, "dropout": 0.1, **overrides})


@pytest.mark.parametrize("name", BASELINES)
def test_forward_gives_finite_prediction_per_pair(name):
    model = _model(name)
    batch = _batch(_pairs(SPECS))
    for mode in (True, False):
        prediction = model.train(mode)(batch)
        assert prediction.shape == (4,)
        assert torch.isfinite(prediction).all()


@pytest.mark.parametrize("name", BASELINES)
def test_eval_predictions_invariant_to_pair_order_and_batch(name):
    model = _model(name)
    pairs = _pairs(SPECS)
    model(_batch(pairs))  # train-mode pass first: CGIB's running noise statistics leave their initial values
    model.eval()
    order = [2, 0, 3, 1]
    with torch.no_grad():
        straight = model(_batch(pairs))
        shuffled = model(_batch([pairs[i] for i in order]))
        alone = torch.cat([model(b) for b in pair_loader(pairs, batch_size=1)])
    torch.testing.assert_close(shuffled, straight[order], atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(alone, straight, atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize(("name", "parts"), [("attentivefp", {"mse"}), ("cgib", {"mse", "kl"})])
def test_loss_is_finite_and_reaches_both_encoders(name, parts):
    model = _model(name).train()
    batch = _batch(_pairs(SPECS))
    loss, named = model.loss(batch, torch.randn(4))
    assert loss.shape == () and torch.isfinite(loss)
    assert set(named) == parts
    loss.backward()
    encoders = model.encoder if hasattr(model, "encoder") else model  # CGIB shares CIGIN's InteractionEncoder
    for encoder in (encoders.solute_encoder, encoders.solvent_encoder):
        assert any(p.grad is not None and p.grad.abs().sum() > 0 for p in encoder.parameters())


@pytest.mark.parametrize("name", BASELINES)
def test_single_atom_pair_alone_trains(name):
    """A batch of just chloride in water: no bonds, and CGIB's batch variance is zero."""
    loss, _ = _model(name).train().loss(_batch(_pairs([("[Cl-]", "O")])), torch.ones(1))
    assert torch.isfinite(loss)


def test_attentivefp_has_no_interaction_map():
    with pytest.raises(NotImplementedError):
        _model("attentivefp").interaction_map(_batch(_pairs(SPECS)))


def test_gaussian_kl_matches_torch():
    torch.manual_seed(0)
    mean_q, mean_p = torch.randn(2, 50)
    var_q, var_p = torch.rand(2, 50) + 0.1
    expected = kl_divergence(Normal(mean_q, var_q.sqrt()), Normal(mean_p, var_p.sqrt()))
    torch.testing.assert_close(gaussian_kl(mean_q, var_q, mean_p, var_p), expected)


def test_subgraph_kl_is_the_kl_of_the_pooled_gaussians():
    torch.manual_seed(0)
    states = torch.randn(4, 5)
    keep = torch.rand(4)
    pair_index = torch.tensor([0, 0, 0, 1])
    noise_mean, noise_var = torch.randn(5), torch.rand(5) + 0.5
    expected = []
    for pair in (0, 1):
        atoms = pair_index == pair
        p, h, n = keep[atoms].unsqueeze(1), states[atoms], int(atoms.sum())
        pooled = Normal((p * h + (1 - p) * noise_mean).sum(0), ((1 - p) ** 2 * noise_var).sum(0).sqrt())
        prior = Normal(n * noise_mean, (n * noise_var).sqrt())
        expected.append(kl_divergence(pooled, prior))
    kl = subgraph_kl(states, keep, pair_index, 2, noise_mean, noise_var)
    torch.testing.assert_close(kl, torch.stack(expected).mean())
    assert kl > 0
    dropped = subgraph_kl(states, torch.zeros(4), pair_index, 2, noise_mean, noise_var)
    assert dropped.abs() < 1e-6  # all noise is the prior itself


def test_cgib_importance_map_and_running_statistics():
    model = _model("cgib")
    batch = _batch(_pairs(SPECS))
    model.train()(batch)
    assert not torch.equal(model.running_noise_mean, torch.zeros_like(model.running_noise_mean))
    model.eval()
    running = model.running_noise_mean.clone()
    importance = model.solute_importance(batch)
    assert importance.shape == (batch.x_solute.size(0),)
    assert ((importance > 0) & (importance < 1)).all()
    imap = model.interaction_map(batch)
    assert imap.values.shape == (4, 6, 4)  # benzene has 6 atoms, chloroform 4
    assert imap.pair(2).shape == (1, 1)
    assert (model.loss(batch, torch.zeros(4))[1]["kl"] >= 0).all()
    assert torch.equal(model.running_noise_mean, running)  # eval never updates the statistics


def test_cgib_beta_follows_fit_weighs_the_compression_by_the_batch_squared_error():
    """With beta_follows_fit the compression term's weight is beta times the batch's squared error."""
    batch, target = _batch(_pairs(SPECS)), torch.tensor([3.0, -2.0, 1.0, 4.0])
    for follows in (False, True):
        model = _model("cgib", beta=0.5, beta_follows_fit=follows).train()
        loss, parts = model.loss(batch, target)
        weight = 0.5 * parts["mse"] if follows else 0.5
        torch.testing.assert_close(loss - parts["mse"], weight * parts["kl"])
        assert parts["mse"] > 1 and parts["kl"] > 0  # a loose fit and a live term: the two weights differ


def test_cgib_solvent_sees_subgraph_builds_the_solvent_context_from_the_kept_atoms():
    """With every atom kept (p = 1) the option changes nothing; with every atom dropped (p = 0) the solvent's
    context is built from the noise mean, so predictions change."""
    batch = _batch(_pairs(SPECS))
    plain, closed = _model("cgib").eval(), _model("cgib", solvent_sees_subgraph=True).eval()
    closed.load_state_dict(plain.state_dict())
    for bias, same in ((1e4, True), (-1e4, False)):
        for model in (plain, closed):
            model.importance.lins[-1].bias.data.fill_(bias)
            model.importance.lins[-1].weight.data.zero_()
        assert torch.allclose(plain(batch), closed(batch), atol=1e-6) == same


@pytest.mark.parametrize("name", BASELINES)
def test_training_learns_solute_size(name):
    heavy_atoms = torch.tensor([float(Chem.MolFromSmiles(solute).GetNumAtoms()) for solute, _ in TRAIN_SPECS])
    target = (heavy_atoms - heavy_atoms.mean()) / heavy_atoms.std()
    batch = _batch(_pairs(TRAIN_SPECS, target.tolist()))
    model = _model(name, dropout=0.0).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    losses = []
    for _ in range(60):
        optimizer.zero_grad()
        loss, _ = model.loss(batch, batch.y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert sum(losses[-5:]) / 5 < 0.5 * losses[0]


def test_build_with_validated_defaults():
    config = validate({"datasets": {"freesolv": {}}, "models": {"attentivefp": {}, "cgib": {}}})
    assert config["models"]["attentivefp"]["num_timesteps"] == 2
    assert isinstance(build_model("attentivefp", config["models"]["attentivefp"]), PairAttentiveFP)
    cgib = build_model("cgib", config["models"]["cgib"])
    assert isinstance(cgib, CGIB) and cgib.beta == 0.1


def test_cgib_normalized_states_feed_the_bottleneck_unit_scale_atom_states():
    """With normalized_states every solute atom's state reaches the importance network with mean 0 and variance 1
    over its features, whatever the encoder's scale; without it the states keep the encoder's scale."""
    batch = _batch(_pairs(SPECS))
    for normalized in (False, True):
        model = _model("cgib", normalized_states=normalized).eval()
        with torch.no_grad():
            model.encoder.solute_encoder.embed.weight.mul_(50.0)  # an encoder whose states have grown
        seen = []
        model.importance.register_forward_pre_hook(lambda module, args: seen.append(args[0]))
        model(batch)
        states = seen[0]
        unit = torch.allclose(states.mean(1), torch.zeros(len(states)), atol=1e-4) and torch.allclose(
            states.var(1, unbiased=False), torch.ones(len(states)), atol=1e-2)
        assert unit == normalized
