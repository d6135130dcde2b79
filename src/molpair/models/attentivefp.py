"""AttentiveFP for pairs (Xiong et al., "Pushing the Boundaries of Molecular Representation for Drug
Discovery with the Graph Attention Mechanism", J. Med. Chem. 2020).

Each molecule is read out by its own AttentiveFP network: graph-attention message passing over bonds
with GRU updates, then attentive readout steps in which a virtual super-node attends over the atoms.
The two molecule vectors are concatenated and regressed by an MLP. The molecules never see each other
before the readout, which is what makes this the interaction-free baseline (no interaction map).
"""

from __future__ import annotations

import torch
from torch_geometric.nn import MLP
from torch_geometric.nn.models import AttentiveFP

from molpair.chem.featurize import ATOM_DIM, BOND_DIM
from molpair.models.base import PairModel


class PairAttentiveFP(PairModel):
    """One AttentiveFP per molecule (separate weights), readouts concatenated, MLP to one prediction."""

    def __init__(
        self, hidden_dim: int = 64, num_layers: int = 3, dropout: float = 0.1, num_timesteps: int = 2
    ):
        super().__init__()
        self.solute_encoder = self._molecule_encoder(hidden_dim, num_layers, dropout, num_timesteps)
        self.solvent_encoder = self._molecule_encoder(hidden_dim, num_layers, dropout, num_timesteps)
        self.head = MLP([2 * hidden_dim, hidden_dim, 1], dropout=dropout, norm=None)

    @staticmethod
    def _molecule_encoder(hidden_dim, num_layers, dropout, num_timesteps) -> AttentiveFP:
        return AttentiveFP(
            in_channels=ATOM_DIM,
            hidden_channels=hidden_dim,
            out_channels=hidden_dim,
            edge_dim=BOND_DIM,
            num_layers=num_layers,
            num_timesteps=num_timesteps,
            dropout=dropout,
        )

    def forward(self, batch) -> torch.Tensor:
        """Predictions of shape (pairs,)."""
        solute_vec = self.solute_encoder(
            batch.x_solute, batch.edge_index_solute, batch.edge_attr_solute, batch.x_solute_batch
        )
        solvent_vec = self.solvent_encoder(
            batch.x_solvent, batch.edge_index_solvent, batch.edge_attr_solvent, batch.x_solvent_batch
        )
        return self.head(torch.cat([solute_vec, solvent_vec], dim=1)).squeeze(-1)
