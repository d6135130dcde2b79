"""CIGIN: Chemically Interpretable Graph Interaction Network (Pathak et al., AAAI 2020).

Solute and solvent atoms are encoded by separate message-passing networks. An interaction map
I = tanh(H_solute · H_solventᵀ) scores every solute-atom × solvent-atom pair; each atom is then
concatenated with the map-weighted sum of the other molecule's atom states, pooled per molecule by
Set2Set, and the two readouts are regressed by an MLP. The map is the interpretable part.
"""

from __future__ import annotations

import torch
from torch import nn
from torch_geometric.nn import MLP, Set2Set
from torch_geometric.utils import to_dense_batch

from molpair.models.base import InteractionMap, PairModel
from molpair.models.encoders import GINEEncoder


class CIGIN(PairModel):
    """CIGIN regressor; `forward(batch)` gives one prediction per pair in a batch of PairData."""

    def __init__(
        self, hidden_dim: int = 64, num_layers: int = 3, dropout: float = 0.1, set2set_steps: int = 2
    ):
        super().__init__()
        self.solute_encoder = GINEEncoder(hidden_dim, num_layers, dropout)
        self.solvent_encoder = GINEEncoder(hidden_dim, num_layers, dropout)
        self.solute_readout = Set2Set(2 * hidden_dim, processing_steps=set2set_steps)
        self.solvent_readout = Set2Set(2 * hidden_dim, processing_steps=set2set_steps)
        self.head = MLP([8 * hidden_dim, 4 * hidden_dim, hidden_dim, 1], dropout=dropout, norm=None)

    def forward(self, batch, return_map: bool = False):
        """Predictions of shape (pairs,); with `return_map`, also the batch's InteractionMap."""
        n_pairs = batch.num_graphs
        solute_batch, solvent_batch = batch.x_solute_batch, batch.x_solvent_batch
        h_solute = self.solute_encoder(batch.x_solute, batch.edge_index_solute, batch.edge_attr_solute)
        h_solvent = self.solvent_encoder(batch.x_solvent, batch.edge_index_solvent, batch.edge_attr_solvent)

        dense_solute, solute_mask = to_dense_batch(h_solute, solute_batch, batch_size=n_pairs)
        dense_solvent, solvent_mask = to_dense_batch(h_solvent, solvent_batch, batch_size=n_pairs)
        pair_mask = solute_mask.unsqueeze(2) & solvent_mask.unsqueeze(1)
        interaction = torch.tanh(dense_solute @ dense_solvent.transpose(1, 2)) * pair_mask

        solute_prime = (interaction @ dense_solvent)[solute_mask]
        solvent_prime = (interaction.transpose(1, 2) @ dense_solute)[solvent_mask]
        solute_vec = self.solute_readout(
            torch.cat([h_solute, solute_prime], dim=1), solute_batch, dim_size=n_pairs
        )
        solvent_vec = self.solvent_readout(
            torch.cat([h_solvent, solvent_prime], dim=1), solvent_batch, dim_size=n_pairs
        )
        prediction = self.head(torch.cat([solute_vec, solvent_vec], dim=1)).squeeze(-1)
        if return_map:
            return prediction, InteractionMap(interaction, solute_mask, solvent_mask)
        return prediction

    def interaction_map(self, batch) -> InteractionMap:
        return self(batch, return_map=True)[1]
