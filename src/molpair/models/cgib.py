"""CGIB: Conditional Graph Information Bottleneck (Lee et al., "Conditional Graph Information Bottleneck
for Molecular Relational Learning", ICML 2023).

CIGIN's encoders and interaction map (`InteractionEncoder`) give solvent-conditioned solute atom states
h_i = [solute state_i, map-weighted solvent context_i]. An MLP scores each solute atom's importance
p_i ∈ (0, 1); the atoms the solvent makes important form the interpretable core subgraph. In training
each state is replaced by z_i = λ_i h_i + (1 − λ_i) ε_i, with λ_i ~ RelaxedBernoulli(p_i) (Gumbel-sigmoid,
so gradients reach p_i) and ε_i ~ N(μ, σ²), μ and σ² the per-feature statistics of the batch's solute
states (detached). Unimportant atoms are drowned in noise; the prediction must come from the rest.

Compression term. Take λ_i = p_i as fixed weights (the standard surrogate of this bound). The sum pool
of the z_i over a solute's N atoms is then Gaussian per feature, with

    m = Σ_i [p_i h_i + (1 − p_i) μ],    v = Σ_i (1 − p_i)² σ²,

while pooling pure noise (all p_i = 0, nothing of the solute kept) gives the prior N(N μ, N σ²).
The KL between these two Gaussians, per feature, is

    KL = ½ [ v / (N σ²) + (m − N μ)² / (N σ²) − 1 + log(N σ² / v) ],   with m − N μ = Σ_i p_i (h_i − μ).

It is 0 when every p_i = 0 and grows as atoms are kept, so β · KL (averaged over pairs and features)
penalizes the information the solute subgraph passes on. loss = MSE(prediction from the noisy solute
subgraph and the solvent) + β · KL; with `beta_follows_fit`, β × the batch's MSE (held fixed; see
`kl_weight`), so the compression does not outweigh a fit that training has made tight.

CIGIN's solvent states carry a map-weighted sum of the solute's atom states, a path by which the solute
reaches the prediction without passing the bottleneck: on chr_emi the importances fell to p ≈ 0 for every
atom and CGIB underfit (β 0.01: training RMSE 34.7 nm; session 37). With `solvent_sees_subgraph` that sum is
taken over the perturbed solute states z_i instead, so the solute's states reach the solvent side only
through the noise (the map's weights still come from the unperturbed states).

Left alone, the solute states grow without bound: on chr_emi fold 0 (session 46) the default run ended with a
mean |state| of 51 and importance logits around −170 (every p_i = 0, no gradient left to revive them), and with the
leak closed at β 0.01 the same happened by epoch 37. `normalized_states` normalizes each solute atom's state
(LayerNorm without gain) before the importances and the noise, so their scale cannot run away; it does not
prevent every collapse (on chr_life fold 0 the importances still fell to about 0.1 and the fit was lost).

At evaluation the states are deterministic, z_i = p_i h_i + (1 − p_i) μ, with μ (and σ²) the running
statistics kept in training like BatchNorm's, so a prediction never depends on the rest of its batch.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.distributions import RelaxedBernoulli
from torch.nn import functional as F
from torch_geometric.nn import MLP
from torch_geometric.utils import scatter, to_dense_batch

from molpair.models.base import InteractionMap, PairModel, gaussian_kl, kl_weight
from molpair.models.interaction import ConditionedStates, InteractionEncoder

#: Temperature of the relaxed Bernoulli keep/drop samples; lower is closer to hard 0/1 draws.
GUMBEL_TEMPERATURE = 1.0
#: Update rate of the running noise statistics (BatchNorm's default).
RUNNING_MOMENTUM = 0.1
#: Floor on variances, so single-atom batches and fully kept subgraphs stay finite.
VARIANCE_EPS = 1e-6
#: Set2Set processing steps (CIGIN's default).
SET2SET_STEPS = 2


def subgraph_kl(
    states: torch.Tensor,
    keep: torch.Tensor,
    pair_index: torch.Tensor,
    n_pairs: int,
    noise_mean: torch.Tensor,
    noise_var: torch.Tensor,
) -> torch.Tensor:
    """The compression term (module docstring), mean over pairs and features.

    states: (atoms, features); keep: (atoms,) the p_i; pair_index: (atoms,) the pair of each atom;
    noise_mean, noise_var: (features,) the μ and σ² of the noise.
    """
    keep = keep.unsqueeze(1)
    n_atoms = scatter(torch.ones_like(keep), pair_index, dim=0, dim_size=n_pairs, reduce="sum")
    signal = scatter(keep * (states - noise_mean), pair_index, dim=0, dim_size=n_pairs, reduce="sum")
    pooled_var = scatter((1 - keep) ** 2, pair_index, dim=0, dim_size=n_pairs, reduce="sum") * noise_var
    prior_var = n_atoms * noise_var
    # KL is shift invariant: compare m − Nμ with 0 rather than m with Nμ.
    return gaussian_kl(signal, pooled_var.clamp_min(VARIANCE_EPS), torch.zeros_like(signal), prior_var).mean()


class CGIB(PairModel):
    """CGIB regressor; `forward(batch)` gives one prediction per pair in a batch of PairData."""

    def __init__(
        self,
        hidden_dim: int = 64,
        num_layers: int = 3,
        dropout: float = 0.1,
        beta: float = 0.1,
        beta_follows_fit: bool = False,
        solvent_sees_subgraph: bool = False,
        normalized_states: bool = False,
        scaled_interaction: bool = True,
    ):
        super().__init__()
        self.beta, self.beta_follows_fit, self.solvent_sees_subgraph = beta, beta_follows_fit, solvent_sees_subgraph
        self.encoder = InteractionEncoder(hidden_dim, num_layers, dropout, SET2SET_STEPS, scaled_interaction)
        state_dim = self.encoder.state_dim
        self.normalize = nn.LayerNorm(state_dim, elementwise_affine=False) if normalized_states else None
        self.importance = MLP([state_dim, hidden_dim, 1], dropout=dropout, norm=None)
        self.head = MLP([self.encoder.pair_dim, 2 * state_dim, hidden_dim, 1], dropout=dropout, norm=None)
        self.register_buffer("running_noise_mean", torch.zeros(state_dim))
        self.register_buffer("running_noise_var", torch.ones(state_dim))

    def _noise_statistics(self, states: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Per-feature noise μ and σ².

        In training the batch's (detached), which also update the running ones; in eval the running ones.
        """
        if not self.training:
            return self.running_noise_mean, self.running_noise_var + VARIANCE_EPS
        states = states.detach()
        mean, var = states.mean(0), states.var(0, unbiased=False)
        with torch.no_grad():
            self.running_noise_mean.lerp_(mean, RUNNING_MOMENTUM)
            self.running_noise_var.lerp_(var, RUNNING_MOMENTUM)
        return mean, var + VARIANCE_EPS

    def _conditioned(self, batch) -> ConditionedStates:
        """The encoder's conditioned states; with `normalized_states` the solute's are normalized per atom."""
        states = self.encoder.conditioned(batch)
        return states if self.normalize is None else states._replace(solute=self.normalize(states.solute))

    def _predict(self, batch) -> tuple[torch.Tensor, torch.Tensor]:
        """Predictions (pairs,) and the compression term."""
        n_pairs, solute_batch = batch.num_graphs, batch.x_solute_batch
        solute_states, solvent_states, interaction = self._conditioned(batch)
        keep_logits = self.importance(solute_states).squeeze(-1)
        keep = torch.sigmoid(keep_logits)
        noise_mean, noise_var = self._noise_statistics(solute_states)
        if self.training:
            temperature = keep_logits.new_tensor(GUMBEL_TEMPERATURE)
            keep_weight = RelaxedBernoulli(temperature, logits=keep_logits).rsample().unsqueeze(1)
            noise = noise_mean + noise_var.sqrt() * torch.randn_like(solute_states)
        else:
            keep_weight, noise = keep.unsqueeze(1), noise_mean
        perturbed = keep_weight * solute_states + (1 - keep_weight) * noise
        if self.solvent_sees_subgraph:  # the solvent's context from the perturbed solute atoms (their own states)
            hidden = self.encoder.state_dim // 2  # a state is [own state, context], each hidden_dim wide
            own = to_dense_batch(perturbed[:, :hidden], solute_batch, batch_size=n_pairs,
                                 max_num_nodes=interaction.values.size(1))[0]
            context = self.encoder.solvent_context(interaction.values, own, batch)
            solvent_states = torch.cat([solvent_states[:, :hidden], context], dim=1)
        kl = subgraph_kl(solute_states, keep, solute_batch, n_pairs, noise_mean, noise_var)

        return self.head(self.encoder.readout(perturbed, solvent_states, batch)).squeeze(-1), kl

    def forward(self, batch) -> torch.Tensor:
        """Predictions of shape (pairs,); noisy in training, deterministic in eval mode."""
        return self._predict(batch)[0]

    def loss(self, batch, target: torch.Tensor) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        prediction, kl = self._predict(batch)
        mse = F.mse_loss(prediction, target)
        return mse + kl_weight(self.beta, mse, self.beta_follows_fit) * kl, {"mse": mse, "kl": kl}

    def interaction_map(self, batch) -> InteractionMap:
        return self.encoder.conditioned(batch).interaction

    def solute_importance(self, batch) -> torch.Tensor:
        """p_i of every solute atom, shape (solute atoms,) in batch order: the interpretable core subgraph."""
        solute_states = self._conditioned(batch).solute
        return torch.sigmoid(self.importance(solute_states).squeeze(-1))
