"""CIGIN's pair encoding (Pathak et al., AAAI 2020), shared by CIGIN, CGIB and PRL.

Solute and solvent atoms are encoded by separate message-passing networks. An interaction map
I = tanh(H_solute · H_solventᵀ / √d) scores every solute-atom × solvent-atom pair (d = hidden_dim; the
scaling of scaled dot-product attention, Vaswani et al. 2017: unscaled, the dot products of trained
states reach tens and the tanh saturates, so the map is ±1 almost everywhere and passes no gradient;
`scaled_interaction=False` is that unscaled map, kept for runs trained before the scaling); each atom is then
concatenated with the map-weighted sum of the other molecule's atom states (its conditioned state),
and each molecule's conditioned states are pooled by Set2Set. The two readouts, joined, are the pair
vector every model's head reads.

Every tensor's size follows from the inputs' sizes, never from their values, so the network exports to
ONNX (train/onnx_model.py): the dense (pairs, atoms, ·) tensors are read back per atom by (pair,
position) rather than through a boolean mask, and a batch may carry the largest molecule's atom count
(`max_solute_atoms`, `max_solvent_atoms`), which the exported graph takes from an input's shape.
"""

from __future__ import annotations

from typing import NamedTuple

import torch
from torch import nn
from torch_geometric.nn import Set2Set
from torch_geometric.utils import to_dense_batch

from molpair.models.base import InteractionMap
from molpair.models.encoders import GINEEncoder


def _positions(batch: torch.Tensor, n_pairs: int) -> torch.Tensor:
    """Each atom's position within its molecule (atoms of a molecule are contiguous in a batch)."""
    counts = torch.zeros(n_pairs, dtype=batch.dtype, device=batch.device).scatter_add_(0, batch, torch.ones_like(batch))
    return torch.arange(batch.size(0), device=batch.device) - (torch.cumsum(counts, 0) - counts)[batch]


class ConditionedStates(NamedTuple):
    """Atom states joined with the map-weighted other molecule, (atoms, 2 × hidden), and the map."""

    solute: torch.Tensor
    solvent: torch.Tensor
    interaction: InteractionMap


class InteractionEncoder(nn.Module):
    """Two GINE encoders, the tanh interaction map and two Set2Set readouts.

    `conditioned(batch)` gives the atom states before pooling (CGIB perturbs the solute's);
    `readout(solute_states, solvent_states, batch)` pools them to the pair vector of size
    `pair_dim` = 8 × hidden_dim; `forward(batch)` does both.
    """

    def __init__(
        self, hidden_dim: int, num_layers: int, dropout: float, set2set_steps: int = 2, scaled_interaction: bool = True
    ):
        super().__init__()
        self.map_scale = hidden_dim**-0.5 if scaled_interaction else 1.0
        self.state_dim = 2 * hidden_dim
        self.pair_dim = 4 * self.state_dim
        self.solute_encoder = GINEEncoder(hidden_dim, num_layers, dropout)
        self.solvent_encoder = GINEEncoder(hidden_dim, num_layers, dropout)
        self.solute_readout = Set2Set(self.state_dim, processing_steps=set2set_steps)
        self.solvent_readout = Set2Set(self.state_dim, processing_steps=set2set_steps)

    def conditioned(self, batch) -> ConditionedStates:
        n_pairs = batch.num_graphs
        h_solute = self.solute_encoder(batch.x_solute, batch.edge_index_solute, batch.edge_attr_solute)
        h_solvent = self.solvent_encoder(batch.x_solvent, batch.edge_index_solvent, batch.edge_attr_solvent)
        solute_batch, solvent_batch = batch.x_solute_batch, batch.x_solvent_batch
        dense_solute, solute_mask = to_dense_batch(
            h_solute, solute_batch, batch_size=n_pairs, max_num_nodes=getattr(batch, "max_solute_atoms", None)
        )
        dense_solvent, solvent_mask = to_dense_batch(
            h_solvent, solvent_batch, batch_size=n_pairs, max_num_nodes=getattr(batch, "max_solvent_atoms", None)
        )
        pair_mask = solute_mask.unsqueeze(2) & solvent_mask.unsqueeze(1)
        interaction = torch.tanh(self.map_scale * dense_solute @ dense_solvent.transpose(1, 2)) * pair_mask
        solute_context = (interaction @ dense_solvent)[solute_batch, _positions(solute_batch, n_pairs)]
        solvent_context = self.solvent_context(interaction, dense_solute, batch)
        return ConditionedStates(
            torch.cat([h_solute, solute_context], dim=1),
            torch.cat([h_solvent, solvent_context], dim=1),
            InteractionMap(interaction, solute_mask, solvent_mask),
        )

    @staticmethod
    def solvent_context(interaction: torch.Tensor, dense_solute: torch.Tensor, batch) -> torch.Tensor:
        """Each solvent atom's map-weighted sum of the solute's atom states, (solvent atoms, features):
        `interaction` the dense map values, `dense_solute` (pairs, max solute atoms, features)."""
        solvent_batch = batch.x_solvent_batch
        return (interaction.transpose(1, 2) @ dense_solute)[solvent_batch, _positions(solvent_batch, batch.num_graphs)]

    def readout(self, solute_states: torch.Tensor, solvent_states: torch.Tensor, batch) -> torch.Tensor:
        """The pair vector, (pairs, pair_dim)."""
        n_pairs = batch.num_graphs
        solute_vec = self.solute_readout(solute_states, batch.x_solute_batch, dim_size=n_pairs)
        solvent_vec = self.solvent_readout(solvent_states, batch.x_solvent_batch, dim_size=n_pairs)
        return torch.cat([solute_vec, solvent_vec], dim=1)

    def forward(self, batch) -> tuple[torch.Tensor, InteractionMap]:
        """The pair vector (pairs, pair_dim) and the batch's interaction map."""
        states = self.conditioned(batch)
        return self.readout(states.solute, states.solvent, batch), states.interaction
