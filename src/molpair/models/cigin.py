"""CIGIN: Chemically Interpretable Graph Interaction Network (Pathak et al., AAAI 2020).

The pair encoding (two encoders, interaction map, Set2Set readouts) is `InteractionEncoder`; CIGIN
regresses the pair vector with an MLP. The map is the interpretable part.
"""

from __future__ import annotations

import torch
from torch_geometric.nn import MLP

from molpair.models.base import InteractionMap, PairModel
from molpair.models.interaction import InteractionEncoder


def cigin_head(in_dim: int, hidden_dim: int, out_dim: int, dropout: float) -> MLP:
    """CIGIN's regression MLP, in_dim → 4h → h → out_dim (PRL reuses it on its latent)."""
    return MLP([in_dim, 4 * hidden_dim, hidden_dim, out_dim], dropout=dropout, norm=None)


class CIGIN(PairModel):
    """CIGIN regressor; `forward(batch)` gives one prediction per pair in a batch of PairData."""

    def __init__(
        self,
        hidden_dim: int = 64,
        num_layers: int = 3,
        dropout: float = 0.1,
        set2set_steps: int = 2,
        scaled_interaction: bool = True,
    ):
        super().__init__()
        self.encoder = InteractionEncoder(hidden_dim, num_layers, dropout, set2set_steps, scaled_interaction)
        self.head = cigin_head(self.encoder.pair_dim, hidden_dim, 1, dropout)

    def forward(self, batch, return_map: bool = False):
        """Predictions of shape (pairs,); with `return_map`, also the batch's InteractionMap."""
        pair, interaction = self.encoder(batch)
        prediction = self.head(pair).squeeze(-1)
        return (prediction, interaction) if return_map else prediction

    def interaction_map(self, batch) -> InteractionMap:
        return self.encoder.conditioned(batch).interaction

    def predict_with_map(self, batch) -> tuple[torch.Tensor, None, InteractionMap]:
        prediction, interaction = self(batch, return_map=True)
        return prediction, None, interaction
