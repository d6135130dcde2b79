"""Message-passing encoder of one molecule: atom states that see their bonded neighbourhood."""

from __future__ import annotations

import torch
from torch import nn
from torch_geometric.nn import MLP, GINEConv

from molpair.chem.featurize import ATOM_DIM, BOND_DIM


class GINEEncoder(nn.Module):
    """Stack of GINE convolutions (Hu et al. 2020; bond features enter every message).

    Each layer is pre-norm residual: h ← h + dropout(conv(LayerNorm(h))). LayerNorm is per atom, so
    a batch never mixes statistics across pairs and single-atom molecules train fine.
    """

    def __init__(self, hidden_dim: int, num_layers: int, dropout: float):
        super().__init__()
        self.embed = nn.Linear(ATOM_DIM, hidden_dim)
        self.norms = nn.ModuleList(nn.LayerNorm(hidden_dim) for _ in range(num_layers))
        self.convs = nn.ModuleList(
            GINEConv(MLP([hidden_dim, hidden_dim, hidden_dim], norm=None), train_eps=True, edge_dim=BOND_DIM)
            for _ in range(num_layers)
        )
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, edge_index: torch.Tensor, edge_attr: torch.Tensor) -> torch.Tensor:
        """Atom states, shape (atoms, hidden_dim)."""
        h = self.embed(x)
        for norm, conv in zip(self.norms, self.convs):
            h = h + self.dropout(conv(norm(h), edge_index, edge_attr))
        return h
