"""What every pair model provides, so training, prediction and reports never ask which model runs.

Models work on standardized targets: `forward(batch)` gives the point prediction per pair,
`loss(batch, target)` the training objective (with its named parts for the logs), and
`predict_distribution(batch)` a mean and a variance where the model has one (None otherwise).
Models with an atom-wise solute × solvent map also implement `interaction_map(batch)`, and
`predict_with_map(batch)` where one forward pass can give both the prediction and the map.
"""

from __future__ import annotations

from typing import NamedTuple

import torch
from torch import nn
from torch.nn import functional as F


def gaussian_kl(
    mean_q: torch.Tensor, var_q: torch.Tensor, mean_p: torch.Tensor, var_p: torch.Tensor
) -> torch.Tensor:
    """Elementwise KL(N(mean_q, var_q) ‖ N(mean_p, var_p))."""
    return 0.5 * (var_q / var_p + (mean_q - mean_p) ** 2 / var_p - 1 + torch.log(var_p / var_q))


def kl_weight(beta: float, mse: torch.Tensor, follows_fit: bool) -> torch.Tensor | float:
    """The weight of a bottleneck's KL beside a squared-error fit: `beta`, or with `follows_fit` beta × the
    batch's squared error held fixed (the optimal noise variance of a Gaussian likelihood, a calibrated
    decoder, Rybkin et al. 2021), so the KL keeps its weight relative to the fit as training tightens it."""
    return beta * mse.detach() if follows_fit else beta


class InteractionMap(NamedTuple):
    """Dense maps of a batch, (pairs, max solute atoms, max solvent atoms), zero on padding."""

    values: torch.Tensor
    solute_mask: torch.Tensor
    solvent_mask: torch.Tensor

    def pair(self, index: int) -> torch.Tensor:
        """The unpadded map of one pair, (solute atoms, solvent atoms)."""
        rows = int(self.solute_mask[index].sum())
        cols = int(self.solvent_mask[index].sum())
        return self.values[index, :rows, :cols]

    def solute_weights(self, index: int) -> torch.Tensor:
        """Per-atom weights of one pair's solute: the sum of |map| over the solvent's atoms, normalized to
        sum to 1 (uniform for an all-zero map, which favours no atom); float64, so the sum is 1 to
        double precision."""
        per_atom = self.pair(index).double().abs().sum(dim=1)
        total = per_atom.sum()
        return per_atom / total if total > 0 else torch.full_like(per_atom, 1.0 / len(per_atom))

    @property
    def pair_mask(self) -> torch.Tensor:
        """True where both atoms exist, (pairs, max solute atoms, max solvent atoms)."""
        return self.solute_mask.unsqueeze(2) & self.solvent_mask.unsqueeze(1)


class PairModel(nn.Module):
    """Base class: mean-squared error on the point prediction, no variance, no ensemble terms."""

    #: True for models whose training uses the QM ensembles (contact maps, sample outcomes).
    uses_ensembles: bool = False

    def loss(self, batch, target: torch.Tensor) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        """Training loss and its named parts, for standardized targets of shape (pairs,)."""
        mse = F.mse_loss(self(batch), target)
        return mse, {"mse": mse}

    def predict_distribution(self, batch) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Predictive mean and variance (standardized units); None where the model has no variance."""
        return self(batch), None

    def interaction_map(self, batch) -> InteractionMap:
        """Atom-wise solute × solvent weights; models without a map raise."""
        raise NotImplementedError(f"{type(self).__name__} has no atom-wise interaction map")

    def predict_with_map(self, batch) -> tuple[torch.Tensor, torch.Tensor | None, InteractionMap | None]:
        """`predict_distribution` and the interaction map (None for models without one). This default runs
        the encoder twice; models whose prediction pass builds the map override it to run once."""
        mean, variance = self.predict_distribution(batch)
        try:
            interaction = self.interaction_map(batch)
        except NotImplementedError:
            interaction = None
        return mean, variance, interaction
