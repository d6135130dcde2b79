"""PRL: probabilistic representation learning from ensembles of cheap calculations (DESIGN.md, "The model").

1. Backbone: CIGIN's pair encoding (`InteractionEncoder`: two encoders, interaction map, Set2Set
   readouts), so that with every ensemble term off PRL is CIGIN plus the probabilistic layer.
2. Probabilistic layer: a linear map of the pair vector gives μ and log σ² of a Gaussian latent z
   (as wide as the head needs); training draws z = μ + σ·ε and pays β·KL(q(z | graphs) ‖ prior)
   per latent dimension; with `beta_follows_fit`, β is multiplied by the batch's squared error (held
   fixed), the optimal noise variance of a Gaussian likelihood (a calibrated decoder, Rybkin et al. 2021),
   so the KL keeps its weight relative to the fit as training tightens the fit.
   The head (CIGIN's MLP) maps z to a mean; optionally a second MLP of the same shape maps it to a log variance.
3. Ensemble terms, training only, for pairs with an ensemble (the others are masked):
   - distribution heads (`distribution_weight`): from μ, a mean and a log variance per sample outcome
     (molpair.data.ensembles.OUTCOME_NAMES, standardized) over every ok sample of the pair (the mean
     by squared error, the spread by the Gaussian likelihood with the mean held): the model must
     know where the pair's calculations land and how widely;
   - distillation (`distillation_weight`): an ensemble encoder reads the pair vector and the pair's K
     sample outcomes (a mean-pooled per-sample MLP, so K may vary) and gives a posterior
     p(z | graphs, ensemble). It is trained to predict the target through the same head, with
     β·KL(p ‖ N(0, I)); the SMILES-only μ is pulled toward the posterior's (detached) mean by
     ½‖μ − sg(μ_p)‖² per latent dimension. (The full KL(q ‖ sg(p)) was tried first: with the
     nearly deterministic q that a small β gives, its 1/σ_p² and log-variance terms swamped every
     other term, so only the means are matched.)
4. The mean is fitted by squared error; the variance, by its own head reading z held fixed, by the
   Gaussian likelihood of the residual with the mean held fixed: the likelihood reaches neither the
   encoder nor the mean's layers, so the variance never trades accuracy of the mean for likelihood.
   (A variance column on the mean's head, sharing its layers, cost 16 % of validation RMSE on MNSol
   fold 0: 0.585 against 0.503 kcal/mol without a variance.)
5. Pretraining (model `prl_pretrained`): before any label, encoder, latent layer and distribution
   heads are fitted to the ensembles of unlabeled pairs by the distribution term alone
   (`pretraining_loss`, run by molpair.train.pretrain); the labeled training then starts there.

Prediction needs only the two graphs: the mean is the head at z = μ; the predictive variance is the
head's variance averaged over fixed draws z = μ + σ·ε_s plus the spread of the means over those
draws. The draws ε_s are a buffer (saved with the model), so a pair's uncertainty does not depend on
the batch or the run.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F
from torch_geometric.nn import MLP
from torch_geometric.utils import scatter

from molpair.data.ensembles import OUTCOME_NAMES
from molpair.models.base import InteractionMap, PairModel, gaussian_kl, kl_weight
from molpair.models.cigin import cigin_head
from molpair.models.interaction import InteractionEncoder

LOG_VAR_RANGE = (-10.0, 10.0)
#: Initial log σ² of q(z | graphs); the information bottleneck then widens σ where it pays.
INITIAL_LOG_VAR = -6.0
#: Floor and cap of the log variance of the outcome spreads (standardized units, std >= 0.14): an
#: outcome that hardly varies within a pair (or is unknown, hence 0) must not drive the likelihood to -inf.
SPREAD_LOG_VAR_RANGE = (-4.0, 4.0)


def standard_normal_kl(mu: torch.Tensor, log_var: torch.Tensor) -> torch.Tensor:
    """KL(N(μ, σ²) ‖ N(0, I)) per latent dimension (the mean over z), per pair.

    Per dimension, not summed: at equilibrium each latent dimension the head reads admits noise
    that costs about β/2 of standardized squared error, so a sum over a 256-wide latent let
    β = 1e-3 cost 0.13 (train RMSE 43 nm on chr_abs, where CIGIN reached 13 nm); the mean keeps
    that floor near β/2 whatever the latent's width. The KL also pulls μ toward 0: a chr_abs model
    fitted to a training MSE of 0.009 holds a KL of 6.9 per dimension, which β = 1e-3 weighs about as
    much as the fit."""
    return gaussian_kl(mu, log_var.exp(), torch.zeros_like(mu), torch.ones_like(mu)).mean(dim=1)


def gaussian_nll(value, mean, log_var) -> torch.Tensor:
    """Elementwise Gaussian negative log-likelihood, without the constant."""
    return 0.5 * (log_var + (value - mean) ** 2 * torch.exp(-log_var))


class PRL(PairModel):
    """PRL regressor; an ensemble term is on when its weight is above zero."""

    def __init__(
        self,
        hidden_dim: int = 64,
        num_layers: int = 3,
        dropout: float = 0.1,
        latent_dim: int = 256,
        beta: float = 1e-3,
        beta_follows_fit: bool = False,
        predict_variance: bool = True,
        latent_samples: int = 16,
        distribution_weight: float = 0.5,
        distillation_weight: float = 0.1,
        set2set_steps: int = 2,
        scaled_interaction: bool = True,
    ):
        super().__init__()
        self.beta, self.beta_follows_fit, self.predict_variance = beta, beta_follows_fit, predict_variance
        self.distribution_weight, self.distillation_weight = distribution_weight, distillation_weight
        self.uses_ensembles = distribution_weight > 0 or distillation_weight > 0

        self.encoder = InteractionEncoder(hidden_dim, num_layers, dropout, set2set_steps, scaled_interaction)
        self.to_latent = nn.Linear(self.encoder.pair_dim, 2 * latent_dim)
        with torch.no_grad():  # start nearly deterministic (σ ≈ 0.05): early noise would swamp μ
            self.to_latent.bias[latent_dim:].fill_(INITIAL_LOG_VAR)
        self.head = cigin_head(latent_dim, hidden_dim, 1, dropout)
        if predict_variance:
            self.variance_head = cigin_head(latent_dim, hidden_dim, 1, dropout)
        n_outcomes = len(OUTCOME_NAMES)
        if distribution_weight > 0:
            self.distribution_head = cigin_head(latent_dim, hidden_dim, 2 * n_outcomes, dropout)
        if distillation_weight > 0:
            self.sample_encoder = MLP([n_outcomes, hidden_dim, hidden_dim], norm=None)
            self.posterior = MLP([self.encoder.pair_dim + hidden_dim, 2 * hidden_dim, 2 * latent_dim], norm=None)
        self.register_buffer("draws", torch.randn(latent_samples, latent_dim))

    def _latent(self, batch) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Pair vector (pairs, pair_dim), μ and log σ² of q(z | graphs) (pairs, latent_dim)."""
        pair, _ = self.encoder(batch)
        return (pair, *self._to_latent(pair))

    def _to_latent(self, pair: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """μ and log σ² of q(z | graphs) from the pair vector."""
        mu, log_var = self.to_latent(pair).chunk(2, dim=1)
        return mu, log_var.clamp(*LOG_VAR_RANGE)

    def _head(self, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        """The mean (pairs,) and, with a variance head, its log variance, read from z held fixed."""
        mean = self.head(z).squeeze(-1)
        if not self.predict_variance:
            return mean, None
        return mean, self.variance_head(z.detach()).squeeze(-1).clamp(*LOG_VAR_RANGE)

    def forward(self, batch) -> torch.Tensor:
        """Point predictions (pairs,): the head's mean at z = μ."""
        return self._head(self._latent(batch)[1])[0]

    def predict_distribution(self, batch) -> tuple[torch.Tensor, torch.Tensor | None]:
        return self._distribution(*self._latent(batch)[1:])

    def predict_with_map(self, batch) -> tuple[torch.Tensor, torch.Tensor | None, InteractionMap]:
        pair, interaction = self.encoder(batch)
        return (*self._distribution(*self._to_latent(pair)), interaction)

    def _distribution(self, mu: torch.Tensor, log_var: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Mean at z = μ; variance = mean head variance over the fixed draws + variance of their means."""
        mean, _ = self._head(mu)
        draws = mu.unsqueeze(0) + (0.5 * log_var).exp().unsqueeze(0) * self.draws.unsqueeze(1)
        draw_means, draw_log_vars = self._head(draws.flatten(0, 1))
        variance = draw_means.view(len(self.draws), -1).var(dim=0, unbiased=False)
        if draw_log_vars is not None:
            variance = variance + draw_log_vars.view(len(self.draws), -1).exp().mean(dim=0)
        return mean, variance

    def interaction_map(self, batch) -> InteractionMap:
        return self.encoder.conditioned(batch).interaction

    def _target_terms(self, z: torch.Tensor, target: torch.Tensor) -> dict[str, torch.Tensor]:
        """Squared error of the mean and, with a variance head, the likelihood of the held residual, over
        the labeled pairs (an unlabeled pair's target is NaN; train.label_share)."""
        labeled = ~torch.isnan(target)
        if not labeled.any():
            zero = z.sum() * 0.0
            return {"mse": zero, **({"nll": zero} if self.predict_variance else {})}
        mean, log_var = self._head(z[labeled])
        target = target[labeled]
        terms = {"mse": F.mse_loss(mean, target)}
        if log_var is not None:
            terms["nll"] = gaussian_nll(target, mean.detach(), log_var).mean()
        return terms

    def loss(self, batch, target: torch.Tensor) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        pair, mu, log_var = self._latent(batch)
        z = mu + (0.5 * log_var).exp() * torch.randn_like(mu)
        parts = self._target_terms(z, target)
        loss = sum(parts.values())
        parts["kl"] = standard_normal_kl(mu, log_var).mean()
        beta = kl_weight(self.beta, parts["mse"], self.beta_follows_fit)
        loss = loss + beta * parts["kl"]
        if self.distillation_weight > 0 and batch.has_ensemble.any():
            teacher = self._distillation(batch, pair, mu, target)
            parts.update(teacher)
            loss = loss + self.distillation_weight * teacher["distill"]
            loss = loss + teacher["teacher_mse"] + beta * teacher["teacher_kl"]
        if self.distribution_weight > 0:
            parts["distribution"] = self._distribution_loss(batch, mu)
            loss = loss + self.distribution_weight * parts["distribution"]
        return loss, parts

    def pretraining_loss(self, batch) -> torch.Tensor:
        """The distribution heads' fit alone, from the latent mean: what the `pretrain` stage minimizes
        on unlabeled pairs (it needs no target)."""
        return self._distribution_loss(batch, self._latent(batch)[1])

    def _distribution_loss(self, batch, mu: torch.Tensor) -> torch.Tensor:
        """Fit of every ok sample's outcomes by the pair's predicted outcome distribution: squared
        error of the means, Gaussian likelihood of the spreads with the means held."""
        if batch.outcomes.size(0) == 0:
            return mu.sum() * 0.0
        mean, log_var = self.distribution_head(mu).chunk(2, dim=1)
        mean, log_var = mean[batch.outcomes_batch], log_var.clamp(*SPREAD_LOG_VAR_RANGE)[batch.outcomes_batch]
        return (F.mse_loss(mean, batch.outcomes) + gaussian_nll(batch.outcomes, mean.detach(), log_var).mean())

    def _distillation(self, batch, pair, mu, target) -> dict[str, torch.Tensor]:
        """The pull of μ toward the detached ensemble posterior's mean over the pairs with an ensemble,
        and the ensemble encoder's own terms: its target error through the shared head (labeled pairs)
        and its KL to N(0, I)."""
        has = batch.has_ensemble.view(-1)
        pooled = scatter(
            self.sample_encoder(batch.outcomes), batch.outcomes_batch, dim=0, dim_size=batch.num_graphs, reduce="mean"
        )
        post_mu, post_log_var = self.posterior(torch.cat([pair, pooled], dim=1)[has]).chunk(2, dim=1)
        post_log_var = post_log_var.clamp(*LOG_VAR_RANGE)
        z_post = post_mu + (0.5 * post_log_var).exp() * torch.randn_like(post_mu)
        return {
            "distill": 0.5 * ((mu[has] - post_mu.detach()) ** 2).mean(),
            "teacher_mse": self._target_terms(z_post, target[has])["mse"],
            "teacher_kl": standard_normal_kl(post_mu, post_log_var).mean(),
        }
