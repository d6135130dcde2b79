"""PRL: probabilistic representation learning from ensembles of cheap calculations (DESIGN.md, "The model").

1. Two GINE encoders with separate weights give solute and solvent atom states.
2. Atom-wise attention: logits L_ij = q(h_i)·k(h_j)/√d for solute atom i and solvent atom j. Each
   atom is concatenated with the attention-weighted sum of the other molecule's states (softmax of L
   over the other molecule's atoms); the map shown and supervised is the joint softmax of L over all
   (i, j) of a pair, a distribution over atom contacts.
3. Set2Set readouts of both molecules give μ and log σ² of a Gaussian latent z; training draws
   z = μ + σ·ε and pays β·KL(N(μ, σ²) ‖ N(0, I)) (the information bottleneck).
4. Ensemble terms, training only, for pairs with an ensemble (others are masked):
   - attention: KL(contact distribution ‖ joint attention map), the contacts averaged over the
     pair's optimized complexes (molpair.data.ensembles);
   - contrastive (InfoNCE): an MLP encodes each sample's outcome vector to s_k; for each sample the
     softmax over the batch's pairs of cos(s_k, g(z_pair))/τ must pick its own pair.
5. The head maps z to a mean and (optionally) a log variance. The mean is fitted by squared error;
   the variance by the Gaussian likelihood of the residual with the mean held fixed, so the variance
   never trades accuracy of the mean for likelihood.

Prediction needs only the two graphs: the mean is the head at z = μ; the predictive variance is the
head's variance averaged over fixed draws z = μ + σ·ε_s plus the spread of the means over those
draws. The draws ε_s are a buffer (saved with the model), so a pair's uncertainty does not depend on
the batch or the run.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F
from torch_geometric.nn import MLP, Set2Set
from torch_geometric.utils import to_dense_batch

from molpair.data.ensembles import OUTCOME_NAMES
from molpair.models.base import InteractionMap, PairModel
from molpair.models.encoders import GINEEncoder

_MASKED = -1e9


class PRL(PairModel):
    """PRL regressor; the ensemble terms are on when their weights are above zero."""

    def __init__(
        self,
        hidden_dim: int = 64,
        num_layers: int = 3,
        dropout: float = 0.1,
        latent_dim: int = 32,
        beta: float = 1e-3,
        predict_variance: bool = True,
        latent_samples: int = 16,
        attention_weight: float = 1.0,
        contrastive_weight: float = 0.1,
        temperature: float = 0.1,
        set2set_steps: int = 2,
    ):
        super().__init__()
        self.beta, self.attention_weight = beta, attention_weight
        self.contrastive_weight, self.temperature = contrastive_weight, temperature
        self.predict_variance = predict_variance
        self.uses_ensembles = attention_weight > 0 or contrastive_weight > 0

        self.solute_encoder = GINEEncoder(hidden_dim, num_layers, dropout)
        self.solvent_encoder = GINEEncoder(hidden_dim, num_layers, dropout)
        self.query = nn.Linear(hidden_dim, hidden_dim)
        self.key = nn.Linear(hidden_dim, hidden_dim)
        self.solute_readout = Set2Set(2 * hidden_dim, processing_steps=set2set_steps)
        self.solvent_readout = Set2Set(2 * hidden_dim, processing_steps=set2set_steps)
        self.to_latent = MLP([8 * hidden_dim, 2 * hidden_dim, 2 * latent_dim], dropout=dropout, norm=None)
        self.head = MLP([latent_dim, hidden_dim, 2 if predict_variance else 1], dropout=dropout, norm=None)
        self.outcome_encoder = MLP([len(OUTCOME_NAMES), hidden_dim, latent_dim], norm=None)
        self.latent_projection = nn.Linear(latent_dim, latent_dim)
        self.register_buffer("draws", torch.randn(latent_samples, latent_dim))

    def _encode(self, batch) -> tuple[torch.Tensor, torch.Tensor, InteractionMap, torch.Tensor]:
        """μ, log σ² of z (pairs, latent_dim), the joint attention map and its log (pairs, Ns, Nv)."""
        n_pairs = batch.num_graphs
        solute_batch, solvent_batch = batch.x_solute_batch, batch.x_solvent_batch
        h_solute = self.solute_encoder(batch.x_solute, batch.edge_index_solute, batch.edge_attr_solute)
        h_solvent = self.solvent_encoder(batch.x_solvent, batch.edge_index_solvent, batch.edge_attr_solvent)
        dense_solute, solute_mask = to_dense_batch(h_solute, solute_batch, batch_size=n_pairs)
        dense_solvent, solvent_mask = to_dense_batch(h_solvent, solvent_batch, batch_size=n_pairs)
        pair_mask = solute_mask.unsqueeze(2) & solvent_mask.unsqueeze(1)

        logits = self.query(dense_solute) @ self.key(dense_solvent).transpose(1, 2)
        logits = (logits / math.sqrt(dense_solute.size(-1))).masked_fill(~pair_mask, _MASKED)
        to_solvent = torch.softmax(logits, dim=2) * pair_mask
        to_solute = torch.softmax(logits, dim=1) * pair_mask
        log_joint = torch.log_softmax(logits.flatten(1), dim=1).view_as(logits)
        joint = log_joint.exp() * pair_mask

        solute_context = (to_solvent @ dense_solvent)[solute_mask]
        solvent_context = (to_solute.transpose(1, 2) @ dense_solute)[solvent_mask]
        solute_vec = self.solute_readout(torch.cat([h_solute, solute_context], 1), solute_batch, dim_size=n_pairs)
        solvent_vec = self.solvent_readout(
            torch.cat([h_solvent, solvent_context], 1), solvent_batch, dim_size=n_pairs
        )
        mu, log_var = self.to_latent(torch.cat([solute_vec, solvent_vec], 1)).chunk(2, dim=1)
        return mu, log_var.clamp(-10.0, 10.0), InteractionMap(joint, solute_mask, solvent_mask), log_joint

    def _head(self, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        out = self.head(z)
        if not self.predict_variance:
            return out.squeeze(-1), None
        return out[:, 0], out[:, 1].clamp(-10.0, 10.0)

    def forward(self, batch) -> torch.Tensor:
        """Point predictions (pairs,): the head's mean at z = μ."""
        mu, _, _, _ = self._encode(batch)
        return self._head(mu)[0]

    def predict_distribution(self, batch) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Mean at z = μ; variance = mean head variance over the fixed draws + variance of their means."""
        mu, log_var, _, _ = self._encode(batch)
        mean, _ = self._head(mu)
        std = (0.5 * log_var).exp()
        draws = mu.unsqueeze(0) + std.unsqueeze(0) * self.draws.unsqueeze(1)  # (S, pairs, latent)
        draw_means, draw_log_vars = self._head(draws.flatten(0, 1))
        draw_means = draw_means.view(len(self.draws), -1)
        variance = draw_means.var(dim=0, unbiased=False)
        if draw_log_vars is not None:
            variance = variance + draw_log_vars.view(len(self.draws), -1).exp().mean(dim=0)
        return mean, variance

    def interaction_map(self, batch) -> InteractionMap:
        return self._encode(batch)[2]

    def loss(self, batch, target: torch.Tensor) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        mu, log_var, attention, log_joint = self._encode(batch)
        z = mu + (0.5 * log_var).exp() * torch.randn_like(mu)
        mean, head_log_var = self._head(z)
        parts = {"mse": F.mse_loss(mean, target)}
        loss = parts["mse"]
        if head_log_var is not None:
            residual = (target - mean.detach()) ** 2
            parts["nll"] = 0.5 * (head_log_var + residual * torch.exp(-head_log_var)).mean()
            loss = loss + parts["nll"]
        parts["kl"] = 0.5 * (mu**2 + log_var.exp() - 1.0 - log_var).sum(dim=1).mean()
        loss = loss + self.beta * parts["kl"]
        if self.attention_weight > 0:
            parts["attention"] = self._attention_loss(batch, attention, log_joint)
            loss = loss + self.attention_weight * parts["attention"]
        if self.contrastive_weight > 0:
            parts["contrastive"] = self._contrastive_loss(batch, z)
            loss = loss + self.contrastive_weight * parts["contrastive"]
        return loss, parts

    def _attention_loss(self, batch, attention: InteractionMap, log_joint: torch.Tensor) -> torch.Tensor:
        """Mean KL(contact distribution ‖ joint attention) over pairs with an ensemble; 0 without any."""
        target = torch.zeros_like(attention.values)
        target[attention.pair_mask] = batch.contact_target
        has = batch.has_ensemble.view(-1)
        if not has.any():
            return log_joint.sum() * 0.0
        target, log_joint = target[has], log_joint[has]
        entropy_terms = torch.where(target > 0, target * torch.log(target.clamp_min(1e-12)), 0.0)
        cross_terms = torch.where(target > 0, target * log_joint, 0.0)
        return (entropy_terms - cross_terms).flatten(1).sum(1).mean()

    def _contrastive_loss(self, batch, z: torch.Tensor) -> torch.Tensor:
        """InfoNCE: each sample's outcome encoding must pick its own pair's latent among the batch's."""
        if batch.outcomes.size(0) == 0 or batch.num_graphs < 2:
            return z.sum() * 0.0
        samples = F.normalize(self.outcome_encoder(batch.outcomes), dim=1)
        pairs = F.normalize(self.latent_projection(z), dim=1)
        logits = samples @ pairs.T / self.temperature
        return F.cross_entropy(logits, batch.outcomes_batch)
